package meridian_test

import (
	"testing"
	"time"

	"meridian"
)

func TestConsumeOptionsDelay(t *testing.T) {
	var def meridian.ConsumeOptions
	for n, want := range map[int]time.Duration{0: time.Second, 1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 6: 32 * time.Second, 7: time.Minute, 50: time.Minute} {
		if got := def.Delay(n); got != want {
			t.Errorf("default Delay(%d) = %s, want %s", n, got, want)
		}
	}
	set := meridian.ConsumeOptions{BackOff: []time.Duration{time.Millisecond, 5 * time.Millisecond}}
	for n, want := range map[int]time.Duration{1: time.Millisecond, 2: 5 * time.Millisecond, 9: 5 * time.Millisecond} {
		if got := set.Delay(n); got != want {
			t.Errorf("Delay(%d) = %s, want %s", n, got, want)
		}
	}
}

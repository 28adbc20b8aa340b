package worker

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"meridian"
)

type fakeReminderStore struct{ got [][]meridian.ReminderDue }

func (f *fakeReminderStore) QueueRequestReminders(context.Context, int) (int, error) { return 0, nil }
func (f *fakeReminderStore) DeliverRequestReminders(_ context.Context, ds []meridian.ReminderDue) error {
	f.got = append(f.got, ds)
	return nil
}

// TestRemindersHandleBatches: a change of a batch is delivered in one
// call; a change of one reminder, as queued before batches, still is; a
// malformed one (a bad request id in a batch) is dropped whole, not
// retried.
func TestRemindersHandleBatches(t *testing.T) {
	st := &fakeReminderStore{}
	r := &Reminders{Store: st}
	due := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	one := meridian.ReminderDue{Notice: meridian.NoticeRequestReminder, RequestID: meridian.NewID(), Deadline: "acknowledge", Due: due, Party: meridian.NewID()}
	two := one
	two.RequestID = meridian.NewID()
	batch, _ := json.Marshal(meridian.ReminderBatch{Reminders: []meridian.ReminderDue{one, two}})
	single, _ := json.Marshal(one)
	bad, _ := json.Marshal(meridian.ReminderBatch{Reminders: []meridian.ReminderDue{one, {RequestID: "x"}}})
	for _, data := range [][]byte{batch, single, bad, []byte("{")} {
		if err := r.Handle(context.Background(), &meridian.Change{Kind: meridian.ReminderChangeKind, Data: data}); err != nil {
			t.Fatal(err)
		}
	}
	if len(st.got) != 2 || len(st.got[0]) != 2 || st.got[0][1].RequestID != two.RequestID || len(st.got[1]) != 1 || st.got[1][0] != one {
		t.Fatalf("delivered %+v", st.got)
	}
}

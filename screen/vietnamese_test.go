package screen_test

import "testing"

// TestVietnameseNames: a Vietnamese name meets itself with and without
// diacritics, family name first or last, comma-inverted (issue 15, class
// 4), and another given name does not.
func TestVietnameseNames(t *testing.T) {
	checkReach(t, []reachCase{
		{"Nguyễn Văn Hùng", "Nguyen Van Hung", "1985-02-03", "1985-02-03", true},
		{"Nguyễn Văn Hùng", "Hùng Văn Nguyễn", "1985-02-03", "1985-02-03", true},
		{"Nguyễn Văn Hùng", "NGUYEN, Van Hung", "1985-02-03", "1985-02-03", true},
		{"Trần Thị Hương", "Huong Thi Tran", "1990-07-21", "1990-07-21", true},
		{"Nguyễn Văn Hùng", "Nguyen Van Dung", "1985-02-03", "1985-02-03", false},
	})
}

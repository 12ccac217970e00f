package guid

import "testing"

func TestValid(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"1139a8b2-c835-2e27-27dd-e894b6d15fa9", true},
		{"1139A8B2-C835-2E27-27DD-E894B6D15FA9", true},
		{"{1139a8b2-c835-2e27-27dd-e894b6d15fa9}", false},
		{"1139a8b2c8352e2727dde894b6d15fa9", false},
		{"1139a8b2-c835-2e27-27dd-e894b6d15fa", false},
		{"1139a8b2-c835-2e27-27dd-e894b6d15fa9a", false},
		{"1139a8b2-c835-2e27-27dd_e894b6d15fa9", false},
		{"g139a8b2-c835-2e27-27dd-e894b6d15fa9", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Valid(tt.s); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

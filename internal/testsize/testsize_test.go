package testsize

import "testing"

func TestPick(t *testing.T) {
	t.Setenv(EnvFull, "")
	want := 10
	if testing.Short() {
		want = 1
	}
	if got := Pick(1, 10, 100); got != want {
		t.Errorf("Pick(1, 10, 100) without %s = %d, want %d", EnvFull, got, want)
	}
	t.Setenv(EnvFull, "1")
	want = 100
	if testing.Short() {
		want = 1
	}
	if got := Pick(1, 10, 100); got != want {
		t.Errorf("Pick(1, 10, 100) with %s=1 = %d, want %d", EnvFull, got, want)
	}
	if Full() == testing.Short() {
		t.Errorf("Full() = %v with %s=1 and -short=%v", Full(), EnvFull, testing.Short())
	}
}

package fuzzseed

import (
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	got, err := Parse([]byte("go test fuzz v1\n[]byte(\"---\\r\\n\\xef\")\nstring(\"a\\tb\")\n"))
	want := []any{[]byte("---\r\n\xef"), "a\tb"}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Parse = %#v, %v; want %#v", got, err, want)
	}
	for _, bad := range []string{"", "go test fuzz v1\n", "go test fuzz v2\n[]byte(\"x\")", "go test fuzz v1\nint(3)", "go test fuzz v1\n[]byte(\"x)"} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%q) succeeded", bad)
		}
	}
}

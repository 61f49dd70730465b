package seal

import (
	"bytes"
	"errors"
	"testing"
)

// testParams is the cheapest cost the package accepts, so tests run fast.
var testParams = minParams

func newKey(t *testing.T, pass string) (*Key, Record) {
	t.Helper()
	k, rec, err := New([]byte(pass), testParams)
	if err != nil {
		t.Fatal(err)
	}
	return k, rec
}

func TestUnlock(t *testing.T) {
	k, rec := newKey(t, "correct horse")
	parsed, err := ParseRecord(rec.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		rec  Record
		pass string
		want error
	}{
		{"right passphrase", parsed, "correct horse", nil},
		{"wrong passphrase", parsed, "correct horsE", ErrWrongPassphrase},
		{"empty passphrase", parsed, "", ErrWrongPassphrase},
		{"salt changed", func() Record { r := parsed; r.Salt = bytes.Clone(r.Salt); r.Salt[0] ^= 1; return r }(), "correct horse", ErrWrongPassphrase},
		{"time lowered", func() Record { r := parsed; r.Params.Time++; return r }(), "correct horse", ErrWrongPassphrase},
		{"wrapped key changed", func() Record {
			r := parsed
			r.Wrapped = bytes.Clone(r.Wrapped)
			r.Wrapped[len(r.Wrapped)-1] ^= 1
			return r
		}(), "correct horse", ErrWrongPassphrase},
		{"cost below the floor", func() Record { r := parsed; r.Params.MemoryKiB = 64; return r }(), "correct horse", ErrDamaged},
		{"truncated", func() Record { r := parsed; r.Wrapped = r.Wrapped[:10]; return r }(), "correct horse", ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Unlock(tt.rec, []byte(tt.pass))
			if !errors.Is(err, tt.want) {
				t.Fatalf("Unlock: err = %v, want %v", err, tt.want)
			}
			if tt.want == nil && !got.Equal(k) {
				t.Fatal("Unlock returned a different key")
			}
		})
	}
}

func TestRewrapKeepsTheKey(t *testing.T) {
	k, old := newKey(t, "first")
	rec, err := k.Wrap([]byte("second"), testParams)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(rec.Salt, old.Salt) {
		t.Fatal("a rewrap reused the salt")
	}
	if _, err := Unlock(rec, []byte("first")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("old passphrase after change: %v", err)
	}
	got, err := Unlock(rec, []byte("second"))
	if err != nil || !got.Equal(k) {
		t.Fatalf("new passphrase: %v", err)
	}
}

func TestSealOpen(t *testing.T) {
	k, _ := newKey(t, "p")
	other, _ := newKey(t, "p")
	here := AAD("entries", "body", "7")
	sealed := k.Seal([]byte("I am sorry"), here)
	tests := []struct {
		name   string
		key    *Key
		sealed []byte
		aad    []byte
		want   error
	}{
		{"same place", k, sealed, here, nil},
		{"moved to another row", k, sealed, AAD("entries", "body", "8"), ErrDamaged},
		{"moved to another column", k, sealed, AAD("entries", "prompt_text", "7"), ErrDamaged},
		{"moved to another table", k, sealed, AAD("drafts", "body", "7"), ErrDamaged},
		{"another journal's key", other, sealed, here, ErrDamaged},
		{"unknown version", k, append([]byte{2}, sealed[1:]...), here, ErrDamaged},
		{"truncated", k, sealed[:overhead-1], here, ErrDamaged},
		{"empty", k, nil, here, ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.key.Open(tt.sealed, tt.aad)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open: err = %v, want %v", err, tt.want)
			}
			if tt.want == nil && string(got) != "I am sorry" {
				t.Fatalf("Open = %q", got)
			}
		})
	}
}

// Every single changed byte, anywhere in a sealed value, must be caught.
func TestSealEveryTamperedByteFails(t *testing.T) {
	k, _ := newKey(t, "p")
	aad := AAD("drafts", "body", "1", "step", "prompt", "0")
	sealed := k.Seal([]byte("a private sentence"), aad)
	for i := range sealed {
		b := bytes.Clone(sealed)
		b[i] ^= 0x20
		if _, err := k.Open(b, aad); !errors.Is(err, ErrDamaged) {
			t.Fatalf("byte %d changed: err = %v", i, err)
		}
	}
}

func TestSealUsesFreshNonces(t *testing.T) {
	k, _ := newKey(t, "p")
	a := k.SealText("same words", AAD("x"))
	b := k.SealText("same words", AAD("x"))
	if a == b {
		t.Fatal("sealing twice gave the same bytes")
	}
	if bytes.Contains([]byte(a), []byte("same")) {
		t.Fatal("sealed text contains the plain text")
	}
	for _, s := range []string{a, b} {
		if got, err := k.OpenText(s, AAD("x")); err != nil || got != "same words" {
			t.Fatalf("OpenText = %q, %v", got, err)
		}
	}
	if _, err := k.OpenText("not base64!", AAD("x")); !errors.Is(err, ErrDamaged) {
		t.Fatalf("garbage: %v", err)
	}
}

func TestAADIsUnambiguous(t *testing.T) {
	pairs := [][2][]string{
		{{"ab", "c"}, {"a", "bc"}},
		{{"a", ""}, {"a"}},
		{{"1", "2"}, {"12"}},
	}
	for _, p := range pairs {
		if bytes.Equal(AAD(p[0]...), AAD(p[1]...)) {
			t.Errorf("AAD(%q) == AAD(%q)", p[0], p[1])
		}
	}
}

func TestParseRecordRefusesGarbage(t *testing.T) {
	for _, b := range [][]byte{nil, {2, 0, 0}, {1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 200}} {
		if _, err := ParseRecord(b); !errors.Is(err, ErrDamaged) {
			t.Errorf("ParseRecord(%v) = %v", b, err)
		}
	}
}

// BenchmarkUnlock measures one unlock with the parameters new locks use.
func BenchmarkUnlock(b *testing.B) {
	_, rec, err := New([]byte("a passphrase"), DefaultParams)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Unlock(rec, []byte("a passphrase")); err != nil {
			b.Fatal(err)
		}
	}
}

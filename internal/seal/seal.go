// Package seal is trustwork's encryption at rest, built only from standard
// primitives in golang.org/x/crypto: Argon2id turns a passphrase into a
// key-encryption key (KEK), the KEK wraps a random 256-bit data key with
// XChaCha20-Poly1305, and the data key seals each private field with
// XChaCha20-Poly1305 under a fresh random nonce and the field's identity as
// associated data.
//
// Changing the passphrase rewraps the one data key; no field is rewritten.
// The wrapped key's authentication tag is the verifier: a wrong passphrase
// fails to unwrap it, so it is detected before anything is written.
package seal

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// ErrWrongPassphrase is returned by Unlock when the passphrase does not
// unwrap the data key.
var ErrWrongPassphrase = errors.New("that passphrase does not open this journal")

// ErrDamaged is returned when a sealed value or key record is not one
// this package wrote, was changed, or belongs to another place.
var ErrDamaged = errors.New("a sealed value is damaged or belongs elsewhere")

// Params are the Argon2id cost parameters, stored beside the salt so a
// later build can raise its defaults and still open older journals.
type Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// DefaultParams are OWASP's first Argon2id recommendation (m=19 MiB,
// t=2, p=1) with one more pass. An unlock measured 0.1-0.25 s on the
// 2-core build box (BenchmarkUnlock, under load), well under a second. The
// 19 MiB count against the app's 40 MiB peak-RSS target only for a moment,
// and the app returns its start-up garbage to the OS just before (see
// tui/unlock.go): a locked session on L peaked at 38 MiB with 19 MiB, the
// same as with 7, 9 or 12 MiB.
var DefaultParams = Params{MemoryKiB: 19 * 1024, Time: 3, Threads: 1}

// minParams is the floor below which a stored record is refused: a record
// edited to cost nothing would make guessing cheap.
var minParams = Params{MemoryKiB: 7 * 1024, Time: 1, Threads: 1}

const (
	// recordVersion starts an encoded Record.
	recordVersion = 1
	// fieldVersion starts every sealed field.
	fieldVersion = 1
	keySize      = chacha20poly1305.KeySize    // 32
	nonceSize    = chacha20poly1305.NonceSizeX // 24
	saltSize     = 16
	overhead     = 1 + nonceSize + chacha20poly1305.Overhead
)

// Record is what is stored to unlock a journal: the KDF parameters, the
// salt and the wrapped data key. None of it is secret.
type Record struct {
	Params  Params
	Salt    []byte
	Wrapped []byte // nonce || XChaCha20-Poly1305(KEK, data key)
}

// Key is an unlocked data key. The zero value is not usable.
type Key struct {
	key [keySize]byte
}

// New makes a fresh random data key and wraps it under passphrase.
func New(passphrase []byte, p Params) (*Key, Record, error) {
	if len(passphrase) == 0 {
		return nil, Record{}, errors.New("the passphrase is empty")
	}
	k := &Key{}
	if _, err := rand.Read(k.key[:]); err != nil {
		return nil, Record{}, err
	}
	rec, err := k.Wrap(passphrase, p)
	if err != nil {
		return nil, Record{}, err
	}
	return k, rec, nil
}

// Wrap seals the data key under a new salt and passphrase, for a new lock
// or a changed passphrase.
func (k *Key) Wrap(passphrase []byte, p Params) (Record, error) {
	if len(passphrase) == 0 {
		return Record{}, errors.New("the passphrase is empty")
	}
	if err := p.check(); err != nil {
		return Record{}, err
	}
	rec := Record{Params: p, Salt: make([]byte, saltSize)}
	if _, err := rand.Read(rec.Salt); err != nil {
		return Record{}, err
	}
	kek := rec.kek(passphrase)
	aead, err := chacha20poly1305.NewX(kek)
	clear(kek)
	if err != nil {
		return Record{}, err
	}
	nonce := make([]byte, nonceSize, nonceSize+keySize+chacha20poly1305.Overhead)
	if _, err := rand.Read(nonce); err != nil {
		return Record{}, err
	}
	rec.Wrapped = aead.Seal(nonce, nonce, k.key[:], rec.aad())
	return rec, nil
}

// Unlock derives the KEK from passphrase and unwraps the data key. A wrong
// passphrase returns ErrWrongPassphrase; it has no side effects, so there
// is no lock-out and nothing to undo.
func Unlock(rec Record, passphrase []byte) (*Key, error) {
	if err := rec.Params.check(); err != nil {
		return nil, err
	}
	if len(rec.Salt) != saltSize || len(rec.Wrapped) != nonceSize+keySize+chacha20poly1305.Overhead {
		return nil, fmt.Errorf("the lock record: %w", ErrDamaged)
	}
	kek := rec.kek(passphrase)
	aead, err := chacha20poly1305.NewX(kek)
	clear(kek)
	if err != nil {
		return nil, err
	}
	raw, err := aead.Open(nil, rec.Wrapped[:nonceSize], rec.Wrapped[nonceSize:], rec.aad())
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	k := &Key{}
	copy(k.key[:], raw)
	clear(raw)
	return k, nil
}

func (p Params) check() error {
	if p.MemoryKiB < minParams.MemoryKiB || p.Time < minParams.Time || p.Threads < minParams.Threads {
		return fmt.Errorf("the lock record asks for Argon2id m=%d KiB t=%d p=%d, below the safe minimum: %w",
			p.MemoryKiB, p.Time, p.Threads, ErrDamaged)
	}
	if p.MemoryKiB > 4<<20 || p.Time > 100 || p.Threads > 64 {
		return fmt.Errorf("the lock record asks for an absurd Argon2id cost: %w", ErrDamaged)
	}
	return nil
}

func (r Record) kek(passphrase []byte) []byte {
	return argon2.IDKey(passphrase, r.Salt, r.Params.Time, r.Params.MemoryKiB, r.Params.Threads, keySize)
}

// aad binds the wrapped key to its parameters and salt, so editing either
// fails the unwrap instead of quietly weakening it.
func (r Record) aad() []byte {
	b := []byte("trustwork data key v1\x00")
	b = binary.BigEndian.AppendUint32(b, r.Params.MemoryKiB)
	b = binary.BigEndian.AppendUint32(b, r.Params.Time)
	b = append(b, r.Params.Threads)
	return append(b, r.Salt...)
}

// Marshal encodes the record for storage.
func (r Record) Marshal() []byte {
	b := []byte{recordVersion}
	b = binary.BigEndian.AppendUint32(b, r.Params.MemoryKiB)
	b = binary.BigEndian.AppendUint32(b, r.Params.Time)
	b = append(b, r.Params.Threads, byte(len(r.Salt)))
	b = append(b, r.Salt...)
	return append(b, r.Wrapped...)
}

// ParseRecord decodes what Marshal wrote.
func ParseRecord(b []byte) (Record, error) {
	if len(b) < 11 || b[0] != recordVersion {
		return Record{}, fmt.Errorf("the lock record: %w", ErrDamaged)
	}
	var r Record
	r.Params.MemoryKiB = binary.BigEndian.Uint32(b[1:5])
	r.Params.Time = binary.BigEndian.Uint32(b[5:9])
	r.Params.Threads = b[9]
	n := int(b[10])
	if len(b) < 11+n {
		return Record{}, fmt.Errorf("the lock record: %w", ErrDamaged)
	}
	r.Salt = append([]byte(nil), b[11:11+n]...)
	r.Wrapped = append([]byte(nil), b[11+n:]...)
	return r, nil
}

// Equal reports whether two keys are the same key, in constant time.
func (k *Key) Equal(o *Key) bool {
	return k != nil && o != nil && subtle.ConstantTimeCompare(k.key[:], o.key[:]) == 1
}

// Seal encrypts plain for the place named by aad (see AAD). The result is
// fieldVersion || nonce || ciphertext+tag, with a fresh random nonce, so
// sealing the same text twice gives different bytes.
func (k *Key) Seal(plain, aad []byte) []byte {
	aead, err := chacha20poly1305.NewX(k.key[:])
	if err != nil {
		panic(err) // only for a wrong key size, which cannot happen
	}
	out := make([]byte, 1+nonceSize, overhead+len(plain))
	out[0] = fieldVersion
	if _, err := rand.Read(out[1:]); err != nil {
		panic(err) // crypto/rand does not fail on Linux; never seal with a bad nonce
	}
	return aead.Seal(out, out[1:], plain, aad)
}

// Open decrypts what Seal made for the same aad. A changed byte, a value
// moved to another place (another aad) or a value sealed with another key
// returns ErrDamaged.
func (k *Key) Open(sealed, aad []byte) ([]byte, error) {
	if len(sealed) < overhead || sealed[0] != fieldVersion {
		return nil, ErrDamaged
	}
	aead, err := chacha20poly1305.NewX(k.key[:])
	if err != nil {
		return nil, err
	}
	plain, err := aead.Open(nil, sealed[1:1+nonceSize], sealed[1+nonceSize:], aad)
	if err != nil {
		return nil, ErrDamaged
	}
	return plain, nil
}

// textEncoding carries sealed bytes in a TEXT column: base64 never
// contains the quote or NUL characters a TEXT value might trip on.
var textEncoding = base64.RawStdEncoding

// SealText is Seal for a string stored as text.
func (k *Key) SealText(plain string, aad []byte) string {
	return textEncoding.EncodeToString(k.Seal([]byte(plain), aad))
}

// OpenText is Open for what SealText made.
func (k *Key) OpenText(sealed string, aad []byte) (string, error) {
	b, err := textEncoding.DecodeString(sealed)
	if err != nil {
		return "", ErrDamaged
	}
	p, err := k.Open(b, aad)
	if err != nil {
		return "", err
	}
	return string(p), nil
}

// AAD builds associated data from the parts naming a field's place, for
// example "entries", "body", "42". Each part is length-prefixed, so no two
// different lists of parts give the same bytes.
func AAD(parts ...string) []byte {
	n := 0
	for _, p := range parts {
		n += 4 + len(p)
	}
	b := make([]byte, 0, n)
	for _, p := range parts {
		b = binary.BigEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
	}
	return b
}

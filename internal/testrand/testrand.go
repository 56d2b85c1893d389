// Package testrand gives tests their random numbers with a seed that can
// be told and repeated: each test logs the seed it used, and
// MYTRACE_TEST_SEED=N makes every randomised test use N instead, so a
// failure seen once can be run again as it was.
//
// Limits: one seed for every test of the run; a test that wants several
// independent streams derives them from its generator.
package testrand

import (
	"math/rand"
	"os"
	"strconv"
	"testing"
	"time"
)

// Env is the variable that fixes the seed.
const Env = "MYTRACE_TEST_SEED"

// New returns a generator for t seeded with MYTRACE_TEST_SEED if it is
// set, else with def, or with the time if def is 0; it logs the seed.
func New(t testing.TB, def int64) *rand.Rand {
	t.Helper()
	seed := def
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	if s := os.Getenv(Env); s != "" {
		n, err := strconv.ParseInt(s, 0, 64)
		if err != nil {
			t.Fatalf("%s=%q: not an integer", Env, s)
		}
		seed = n
	}
	t.Logf("random seed %d (%s=%d repeats it)", seed, Env, seed)
	return rand.New(rand.NewSource(seed))
}

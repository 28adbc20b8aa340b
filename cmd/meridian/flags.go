package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
)

// flagOutput is where a command's flag set writes: nothing, unless the
// user asked for help. The flag package prints a mistake and then the
// whole usage; the CLI says a mistake in one line of its own instead.
type flagOutput struct {
	w  io.Writer
	on bool
}

func (o *flagOutput) Write(p []byte) (int, error) {
	if !o.on {
		return len(p), nil
	}
	return o.w.Write(p)
}

// newFlags returns the flag set of the command name ("agency add"); -h
// prints its flags on stderr.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(&flagOutput{w: stderr})
	fs.Usage = func() {}
	return fs
}

// parseArgs parses the flags of args wherever they stand, before, between
// or after the positional arguments (up to a "--"), and leaves the
// positional ones in fs.Args(). A mistake is a usage error naming the
// command and the flag; -h prints the flags and returns flag.ErrHelp.
func parseArgs(fs *flag.FlagSet, args []string) error {
	var pos []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				if o, ok := fs.Output().(*flagOutput); ok {
					o.on = true
					fmt.Fprintf(o, "Usage of meridian %s (meridian help shows the arguments):\n", fs.Name())
					fs.PrintDefaults()
					o.on = false
				}
				return err
			}
			return usageError(fmt.Sprintf("%s: %v (meridian %s -h lists the flags)", fs.Name(), err, fs.Name()))
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	// Leave the positional arguments where fs.Args() finds them; the
	// flags keep the values parsed above.
	fs.Parse(append([]string{"--"}, pos...))
	return nil
}

// parse parses a command that takes flags only.
func parse(fs *flag.FlagSet, args []string) error {
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("%s: unexpected argument %q (meridian help shows the arguments)", fs.Name(), fs.Arg(0)))
	}
	return nil
}

// oneArg parses a command that takes flags and one positional argument.
func oneArg(fs *flag.FlagSet, args []string, usage string) (string, error) {
	if err := parseArgs(fs, args); err != nil {
		return "", err
	}
	if fs.NArg() != 1 {
		return "", usageError(usage)
	}
	return fs.Arg(0), nil
}

// secrets are the values of secret flags given on this command line; with
// the secret environment variables they are scrubbed from every message
// the CLI prints, whatever error quoted them (a URL that does not parse
// is quoted whole, password and all, by the packages that parse it).
var secrets struct {
	sync.Mutex
	vals []string
}

var secretEnv = []string{"MERIDIAN_TOKEN", "MERIDIAN_POSTGRES", "MERIDIAN_NATS"}

func rememberSecret(v string) {
	secrets.Lock()
	secrets.vals = append(secrets.vals, v)
	secrets.Unlock()
}

// urlPassword finds the password of a URL, even one that does not parse.
var urlPassword = regexp.MustCompile(`://[^/@:]*:([^@]+)@`)

// redact replaces in msg every secret value, and the password of every
// secret URL, by xxxxx.
func redact(msg string) string {
	secrets.Lock()
	vals := append([]string(nil), secrets.vals...)
	secrets.Unlock()
	for _, k := range secretEnv {
		vals = append(vals, os.Getenv(k))
	}
	var pairs []string
	for _, v := range vals {
		if len(v) < 4 { // too short to be a secret, or to replace safely
			continue
		}
		pairs = append(pairs, v, "xxxxx")
		for _, m := range urlPassword.FindAllStringSubmatch(v, -1) {
			if len(m[1]) >= 4 {
				pairs = append(pairs, m[1], "xxxxx")
			}
		}
	}
	if len(pairs) == 0 {
		return msg
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}

// Command meridian is Meridian's one binary: the server (serve), and the
// commands that administer a store (agency, user, audit, migrate).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"meridian"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "meridian: "+describe(err))
		}
		os.Exit(exitCode(err))
	}
}

const usage = `Meridian: the platform for operations against human trafficking and migrant smuggling.

Usage:
  meridian serve   [--data DIR] [--addr HOST:PORT] [--postgres URL] [--nats URL] [--tls-cert F --tls-key F] [--demo]
                   [--nats-replicas N] [--metrics-addr HOST:PORT] [--user-rate N]
  meridian agency add --country ISO2 --kind KIND --name NAME [--data DIR | --postgres URL]
  meridian user add --agency ID --name NAME --roles r1,r2 [--username U] [--token] [--password-stdin] [--data DIR | --postgres URL]
  meridian user passwd USERNAME [--password-stdin]   (a one-time password, changed at the next sign-in)
  meridian user disable|enable USERNAME              (disabling revokes its sessions and tokens at once)
  meridian audit verify [--data DIR | --postgres URL] [--witness FILE] [--json]
  meridian audit verify --export FILE --key audit.pub [--json]
  meridian audit prove SEQ [--consistency N] [--data DIR | --postgres URL]   (inclusion proof of entry SEQ against the signed head)
  meridian audit export --out FILE [--data DIR | --postgres URL]   (format: docs/audit-format.md)
  meridian ingest manifest [--operation ID] [--country ISO2] FILE...   (PAXLST/PNRGOV to a server: --server, --token)
  meridian import watchlist --format csv|ftm --agency ID FILE [--category C] [--tlp L] [--release owner|all] [--operation ID]
  meridian check person --name NAME [--dob DATE] [--nationality ISO2] [--sex M|F]   (against a server:
  meridian check document --number N --country ISO2                                   --server URL, --token T,
  meridian check batch FILE                                                            or $MERIDIAN_SERVER, $MERIDIAN_TOKEN)
  meridian screen compare   < pairs.csv     (rows name_a,name_b[,dob_a,dob_b], or a header naming them and class -> score,match[,class])
  meridian screen eval FILE [--threshold T] [--sweep]   (a class column: reported by class)
  meridian sim watchlist --persons N --documents M --seed S [--hard N] [--out DIR]
  meridian sim operation --scale liberterra2|demo [--seed S] [--speed X] [--data DIR | --postgres URL]
  meridian mrz parse [--today YYYY-MM-DD] < mrz.txt   (MRZs separated by blank lines -> JSON, one object each)
  meridian manifest parse FILE...   (PAXLST or PNRGOV, - for stdin -> JSON: flights, travellers, bookings, warnings)
  meridian report results --operation ID [--format json|html|pdf] [--lang en|fr|es|ar] [--out FILE]
  meridian report statistics --operation ID [--out FILE]   (anonymised CSV, cells under 11 people suppressed)
  meridian migrate [--data DIR | --postgres URL]
  meridian version

Every command prints its result on stdout, and on error one line on stderr
and a non-zero exit status. --data defaults to ./data ($MERIDIAN_DATA);
--postgres ($MERIDIAN_POSTGRES) uses PostgreSQL instead of the SQLite file
in --data, which still holds the audit signing key.
`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError("no command given")
	}
	cmd, rest := args[0], args[1:]
	sub := func() (string, []string) {
		if len(rest) == 0 {
			return "", nil
		}
		return rest[0], rest[1:]
	}
	switch cmd {
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "agency":
		if s, r := sub(); s == "add" {
			return runAgencyAdd(ctx, r, stdout, stderr)
		}
		return usageError("usage: meridian agency add --country ISO2 --kind KIND --name NAME")
	case "user":
		switch s, r := sub(); s {
		case "add":
			return runUserAdd(ctx, r, stdin, stdout, stderr)
		case "passwd":
			return runUserPasswd(ctx, r, stdin, stdout, stderr)
		case "disable", "enable":
			return runUserDisable(ctx, r, s == "disable", stdout, stderr)
		}
		return usageError("usage: meridian user add|passwd|disable|enable ...")
	case "audit":
		switch s, r := sub(); s {
		case "verify":
			return runAuditVerify(ctx, r, stdout, stderr)
		case "prove":
			return runAuditProve(ctx, r, stdout, stderr)
		case "export":
			return runAuditExport(ctx, r, stdout, stderr)
		}
		return usageError("usage: meridian audit verify|prove|export [--data DIR | --postgres URL]")
	case "ingest":
		if s, r := sub(); s == "manifest" {
			return runIngestManifest(ctx, r, stdout, stderr)
		}
		return usageError("usage: meridian ingest manifest [--server URL --token T] [--operation ID] FILE...")
	case "import":
		if s, r := sub(); s == "watchlist" {
			return runImportWatchlist(ctx, r, stdout, stderr)
		}
		return usageError("usage: meridian import watchlist --format csv|ftm --agency ID FILE")
	case "check":
		s, r := sub()
		switch s {
		case "person", "document", "batch":
			return runCheck(ctx, s, r, stdout, stderr)
		}
		return usageError("usage: meridian check person|document|batch ...")
	case "screen":
		s, r := sub()
		switch s {
		case "compare":
			return runScreenCompare(r, stdin, stdout, stderr)
		case "eval":
			return runScreenEval(r, stdout, stderr)
		}
		return usageError("usage: meridian screen compare|eval ...")
	case "sim":
		switch s, r := sub(); s {
		case "watchlist":
			return runSimWatchlist(r, stdout, stderr)
		case "operation":
			return runSimOperation(ctx, r, stdout, stderr)
		}
		return usageError("usage: meridian sim watchlist|operation ...")
	case "mrz":
		if s, r := sub(); s == "parse" {
			return runMRZParse(r, stdin, stdout, stderr)
		}
		return usageError("usage: meridian mrz parse [--today YYYY-MM-DD] < mrz.txt")
	case "manifest":
		if s, r := sub(); s == "parse" {
			return runManifestParse(r, stdin, stdout, stderr)
		}
		return usageError("usage: meridian manifest parse FILE...")
	case "report":
		s, r := sub()
		switch s {
		case "results", "statistics":
			return runReport(ctx, s, r, stdout, stderr)
		}
		return usageError("usage: meridian report results|statistics --operation ID ...")
	case "migrate":
		return runMigrate(ctx, rest, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "meridian", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError(fmt.Sprintf("unknown command %q", cmd))
}

// usageError is a mistake on the command line (exit status 2).
type usageError string

func (e usageError) Error() string { return string(e) }

func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

// describe turns an error into the one line a user sees: the domain
// message and its field, never an internal cause.
func describe(err error) string {
	var u usageError
	if errors.As(err, &u) {
		return string(u)
	}
	var v *verifyFailed
	if errors.As(err, &v) {
		return v.Error()
	}
	fields := meridian.FieldErrors(err)
	if len(fields) > 0 && meridian.KindOf(err) == meridian.EInvalid {
		var parts []string
		for _, f := range fields {
			if f.Field != "" {
				parts = append(parts, "--"+strings.ReplaceAll(f.Field, "_", "-")+": "+f.Message)
			} else {
				parts = append(parts, f.Message)
			}
		}
		return strings.Join(parts, "; ")
	}
	msg := meridian.MessageOf(err)
	if meridian.KindOf(err) == meridian.EInternal || meridian.KindOf(err) == meridian.EUnavailable {
		msg += ": " + err.Error()
	}
	return msg
}

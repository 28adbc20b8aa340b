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
  meridian token list | create --name N [--days D] | revoke ID   (your own API tokens, on a server: --server, --token)
  meridian audit verify [--data DIR | --postgres URL] [--witness FILE] [--json]
  meridian audit verify --export FILE --key audit.pub [--json]
  meridian audit prove SEQ [--consistency N] [--data DIR | --postgres URL]   (inclusion proof of entry SEQ against the signed head)
  meridian audit export --out FILE [--data DIR | --postgres URL]   (format: docs/audit-format.md)
  meridian receipt verify FILE --key audit.pub   (a request's receipts as GET /api/v1/requests/ID/receipts gives them, offline)
  meridian ingest manifest [--operation ID] [--country ISO2] FILE...   (PAXLST/PNRGOV to a server: --server, --token)
  meridian import watchlist --format csv|ftm --agency ID FILE [--category C] [--tlp L] [--release owner|all] [--operation ID]
  meridian check person --name NAME [--dob DATE] [--nationality ISO2] [--sex M|F]   (against a server:
  meridian check document --number N --country ISO2                                   --server URL, --token T,
  meridian check batch FILE                                                            or $MERIDIAN_SERVER, $MERIDIAN_TOKEN)
  meridian screen compare   < pairs.csv     (rows name_a,name_b[,dob_a,dob_b], or a header naming them and class -> score,match[,class])
  meridian screen eval FILE [--threshold T] [--sweep]   (a class column: reported by class)
  meridian sim watchlist --persons N --documents M --seed S [--hard N] [--out DIR]
  meridian bench http single|batch|mixed --queries FILE [--clients C] [--duration D] [--requests N] [--batch N]
                   [--mix get=4,list=2,create=1,check=3] [--data DIR] [--in-process WATCHLIST] [--json]   (loopback only)
  meridian sim operation --scale liberterra2|demo [--seed S] [--speed X] [--data DIR | --postgres URL]
  meridian sim links --persons N [--seed S] [--out DIR]   (labelled FtM persons: entities.ftm.jsonl, truth.csv)
  meridian link pairs [--threshold X] [--in-order] FILE   (FtM Person lines -> CSV id_a,id_b,score,explanation)
  meridian link eval [--threshold X] [--in-order] FILE TRUTH   (TRUTH: CSV id,cluster[,network] -> precision, recall, F1)
  meridian link relink [--workers N] [--data DIR | --postgres URL]   (every record of the store proposed again, as the worker stores them)
  meridian mrz parse [--today YYYY-MM-DD] < mrz.txt   (MRZs separated by blank lines -> JSON, one object each)
  meridian manifest parse FILE...   (PAXLST or PNRGOV, - for stdin -> JSON: flights, travellers, bookings, warnings)
  meridian report results --operation ID [--format json|html|pdf] [--lang en|fr|es|ar] [--out FILE]
  meridian analyse routes|network|brief --operation ID [--format json|graphml|ftm|html|pdf] [--lang en|fr|es|ar] [--out FILE]
  meridian report statistics --operation ID [--out FILE]   (anonymised CSV, cells under 11 people suppressed)
  meridian analyse changepoints [--period N] [--explain] FILE   (CSV time,value lines -> indices of change points, one a line)
  meridian evidence export --case ID --out FILE [--records IDS] [--messages IDS] [--files IDS]   (a signed ASiC-E package)
  meridian evidence verify [--ca CERT] FILE   (offline; names every altered, added, removed or renamed file)
  meridian evidence ca > ca.pem   (the installation's authority, for a court)
  meridian evidence import-key --agency ID --cert FILE --key FILE   (an agency's own signing key)
  meridian report followup --operation ID [--format json|html|pdf] [--lang en|fr|es|ar] [--out FILE]   (cases' follow-up, figures under 11 suppressed)
  meridian migrate [--data DIR | --postgres URL]
  meridian version

Every command prints its result on stdout, and on error one line on stderr
and a non-zero exit status: 2 for a mistake on the command line, 1 for a
failure. COMMAND -h lists a command's flags; flags may come before or
after its arguments. --data defaults to ./data ($MERIDIAN_DATA);
--postgres ($MERIDIAN_POSTGRES) uses PostgreSQL instead of the SQLite file
in --data, which still holds the audit signing key.
`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError("no command given (meridian help lists the commands)")
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
	case "receipt":
		if s, r := sub(); s == "verify" {
			return runReceiptVerify(ctx, r, stdout, stderr)
		}
		return usageError("usage: meridian receipt verify FILE --key audit.pub")
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
	case "token":
		s, r := sub()
		switch s {
		case "list", "create", "revoke":
			return runToken(ctx, s, r, stdout, stderr)
		}
		return usageError("usage: meridian token list|create|revoke ...")
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
	case "bench":
		if s, r := sub(); s == "http" {
			return runBenchHTTP(ctx, r, stdout, stderr)
		}
		return usageError("usage: meridian bench http single|batch|mixed --queries FILE ...")
	case "sim":
		switch s, r := sub(); s {
		case "watchlist":
			return runSimWatchlist(r, stdout, stderr)
		case "operation":
			return runSimOperation(ctx, r, stdout, stderr)
		case "links":
			return runSimLinks(r, stdout, stderr)
		}
		return usageError("usage: meridian sim watchlist|operation|links ...")
	case "link":
		switch s, r := sub(); s {
		case "pairs", "eval":
			return runLink(ctx, s, r, stdout, stderr)
		case "relink":
			return runLinkRelink(ctx, r, stdout, stderr)
		}
		return usageError("usage: meridian link pairs|eval|relink ...")
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
		case "followup":
			return runReportFollowup(ctx, r, stdout, stderr)
		}
		return usageError("usage: meridian report results|statistics|followup --operation ID ...")
	case "analyse":
		s, r := sub()
		switch s {
		case "routes", "network", "brief":
			return runAnalyse(ctx, s, r, stdout, stderr)
		case "changepoints":
			return runAnalyseChangepoints(r, stdout, stderr)
		}
		return usageError("usage: meridian analyse routes|network|brief|changepoints ...")
	case "evidence":
		s, r := sub()
		return runEvidence(ctx, s, r, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, rest, stdout, stderr)
	case "version":
		if err := parse(newFlags("version", stderr), rest); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "meridian", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageError(fmt.Sprintf("unknown command %q (meridian help lists the commands)", cmd))
}

// usageError is a mistake on the command line (exit status 2).
type usageError string

func (e usageError) Error() string { return string(e) }

// exitCode is the status main exits with: 0 for -h, 2 for a mistake on
// the command line, 1 for a failure.
func exitCode(err error) int {
	var u usageError
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &u):
		return 2
	}
	return 1
}

// describe turns an error into the one line a user sees: what wraps it
// (a file, rows of a batch), the domain message and its field, and for an
// unavailable service or an internal error the cause, each said once.
func describe(err error) string {
	var u usageError
	if errors.As(err, &u) {
		return redact(string(u))
	}
	var v *verifyFailed
	if errors.As(err, &v) {
		return v.Error()
	}
	var e *meridian.Error
	if !errors.As(err, &e) {
		// The command's own errors (a file it cannot read, a malformed
		// line) say what they are.
		return redact(flatten(err.Error()))
	}
	full, inner := err.Error(), e.Error()
	var prefix string
	if v := (*meridian.ValidationError)(nil); errors.As(err, &v) {
		inner = v.Error()
	}
	if strings.HasSuffix(full, inner) {
		prefix = strings.TrimSuffix(full, inner)
	}
	var msg string
	fields := meridian.FieldErrors(err)
	switch {
	case len(fields) > 0 && e.Kind == meridian.EInvalid:
		var parts []string
		for _, f := range fields {
			if f.Field != "" {
				parts = append(parts, flagName(f.Field)+": "+f.Message)
			} else {
				parts = append(parts, f.Message)
			}
		}
		msg = strings.Join(parts, "; ")
	case e.Kind == meridian.EInternal || e.Kind == meridian.EUnavailable:
		msg = e.Message
		if msg == "" {
			msg = string(e.Kind)
		}
		if e.Err != nil {
			// The cause, without the messages it repeats.
			cause := e.Err.Error()
			var ce *meridian.Error
			if errors.As(e.Err, &ce) && ce.Message == e.Message && ce.Err != nil {
				cause = ce.Err.Error()
			}
			if !strings.Contains(msg, cause) {
				msg += ": " + strings.TrimPrefix(cause, msg+": ")
			}
		}
	default:
		msg = meridian.MessageOf(err)
	}
	return redact(flatten(prefix + msg))
}

// flatten keeps a message on one line.
func flatten(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(strings.TrimSpace(s))
}

// flagName is the flag that gave a store's field its value: agency_id
// came from --agency, roles[1] from --roles.
func flagName(field string) string {
	if i := strings.IndexAny(field, ".["); i > 0 {
		field = field[:i]
	}
	return "--" + strings.ReplaceAll(strings.TrimSuffix(field, "_id"), "_", "-")
}

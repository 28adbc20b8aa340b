package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os/user"
	"regexp"
	"strings"

	"meridian"
	"meridian/auth"
)

// cliSubject is the caller of an administration command: whoever can open
// the store's files is its administrator. Its audit entries say so.
func cliSubject() *meridian.Subject {
	name := "cli"
	if u, err := user.Current(); err == nil {
		name = "cli:" + u.Username
	}
	return &meridian.Subject{Username: name, System: true, Purpose: "administration", Addr: "local"}
}

func runAgencyAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("agency add", stderr)
	var sf storeFlags
	sf.register(fs)
	country := fs.String("country", "", "ISO 3166-1 alpha-2 country code")
	kind := fs.String("kind", "", "police, ncb, border, prosecution, international or ngo")
	name := fs.String("name", "", "the agency's name")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := sf.open(ctx, true, quietLogger())
	if err != nil {
		return err
	}
	defer db.Close()
	a := &meridian.Agency{Country: strings.ToUpper(*country), Kind: meridian.AgencyKind(*kind), Name: *name}
	if err := db.CreateAgency(meridian.WithSubject(ctx, cliSubject()), a); err != nil {
		return err
	}
	fmt.Fprintln(stdout, a.ID)
	return nil
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

func runUserAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("user add", stderr)
	var sf storeFlags
	sf.register(fs)
	agency := fs.String("agency", "", "the agency's id")
	name := fs.String("name", "", "the user's full name")
	username := fs.String("username", "", "login name (default: made from --name)")
	roles := fs.String("roles", "", "comma-separated roles: officer, ncb, analyst, prosecutor, coordinator, observer, admin")
	token := fs.Bool("token", false, "print an API token for scripts instead of the user id")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of stdin (otherwise one is generated and printed)")
	if err := parse(fs, args); err != nil {
		return err
	}
	u := &meridian.User{AgencyID: *agency, Name: *name, Username: *username}
	if u.Username == "" {
		u.Username = strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(*name), "."), ".")
	}
	for _, r := range strings.Split(*roles, ",") {
		if r = strings.TrimSpace(r); r != "" {
			u.Roles = append(u.Roles, meridian.Role(r))
		}
	}
	password, generated := "", false
	switch {
	case *pwStdin:
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return usageError("--password-stdin: no password on stdin")
		}
		password = strings.TrimRight(line, "\r\n")
	case !*token:
		password, generated = auth.NewPassword(), true
	}
	// A password the operator chose or generated is the user's for one
	// sign-in: they must change it then.
	u.MustChangePassword = password != ""
	db, err := sf.open(ctx, true, quietLogger())
	if err != nil {
		return err
	}
	defer db.Close()
	cctx := meridian.WithSubject(ctx, cliSubject())
	if err := db.CreateUser(cctx, u, password); err != nil {
		return err
	}
	if *token {
		t, err := db.CreateToken(cctx, u.ID, "cli")
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, t)
		return nil
	}
	fmt.Fprintln(stdout, u.ID)
	if generated {
		fmt.Fprintf(stdout, "username %s password %s\n", u.Username, password)
	}
	return nil
}

// runUserPasswd sets a one-time password on an account at the store (the
// operator's recovery, e.g. of the last administrator); the user must
// change it at the next sign-in.
func runUserPasswd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("user passwd", stderr)
	var sf storeFlags
	sf.register(fs)
	pwStdin := fs.Bool("password-stdin", false, "read the one-time password from the first line of stdin (otherwise one is generated and printed)")
	username, err := oneArg(fs, args, "usage: meridian user passwd USERNAME [--password-stdin]")
	if err != nil {
		return err
	}
	password := ""
	if *pwStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return usageError("--password-stdin: no password on stdin")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	db, err := sf.open(ctx, true, quietLogger())
	if err != nil {
		return err
	}
	defer db.Close()
	cctx := meridian.WithSubject(ctx, cliSubject())
	id, err := db.UserIDByUsername(cctx, username)
	if err != nil {
		return err
	}
	p, err := db.ResetPassword(cctx, id, password)
	if err != nil {
		return err
	}
	if password == "" {
		fmt.Fprintf(stdout, "username %s password %s\n", username, p)
	}
	fmt.Fprintf(stderr, "%s must change this password at the next sign-in; their sessions have ended.\n", username)
	return nil
}

// runUserDisable disables (or re-enables) an account at the store: its
// sessions and tokens stop at once on every instance.
func runUserDisable(ctx context.Context, args []string, disable bool, stdout, stderr io.Writer) error {
	name := "user enable"
	if disable {
		name = "user disable"
	}
	fs := newFlags(name, stderr)
	var sf storeFlags
	sf.register(fs)
	username, err := oneArg(fs, args, "usage: meridian "+name+" USERNAME")
	if err != nil {
		return err
	}
	db, err := sf.open(ctx, true, quietLogger())
	if err != nil {
		return err
	}
	defer db.Close()
	cctx := meridian.WithSubject(ctx, cliSubject())
	id, err := db.UserIDByUsername(cctx, username)
	if err != nil {
		return err
	}
	u, err := db.UpdateUser(cctx, id, meridian.UserUpdate{Disabled: &disable})
	if err != nil {
		return err
	}
	state := "enabled"
	if u.Disabled {
		state = "disabled: its sessions and tokens are revoked"
	}
	fmt.Fprintf(stdout, "%s %s\n", u.Username, state)
	return nil
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", stderr)
	var sf storeFlags
	sf.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	// Opening a store applies the migrations it has not seen.
	db, err := sf.open(ctx, false, quietLogger())
	if err != nil {
		return err
	}
	defer db.Close()
	// Only what this run applied: a second run applies nothing.
	for _, n := range db.Applied {
		fmt.Fprintln(stdout, "applied", n)
	}
	names, err := db.Migrations(ctx)
	if err != nil {
		return err
	}
	last := ""
	if len(names) > 0 {
		last = " (" + names[len(names)-1] + ")"
	}
	fmt.Fprintf(stdout, "schema up to date: %d migrations%s\n", len(names), last)
	return nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"meridian"
	"meridian/sim/operation"
)

// demoNetwork is one person record the demo plants once its replay
// starts: who records it (a demo user's agency or a country's police),
// and the record. The linking worker then proposes the links between
// them live, as it would between the reports of the field.
type demoNetwork struct {
	by       string // username of the plan whose agency owns the record
	person   meridian.Person
	passport string // a passport the record's holder carries, issued by the owner's country
}

// demoNetworks are the cross-border records of the North Macedonian
// raids (PRODUCT.md): recruiters in the origin countries (Albania,
// Serbia, Ukraine) sharing phones and e-mails with the exploiters in
// North Macedonia, one of them recorded again in Serbia under an alias
// with a forged Albanian passport, and the potential victims, all women,
// from Albania, Colombia, Russia, Serbia and Ukraine, who stay victims.
// Every demo user reads some of them: most are released to every
// participant of the operation, two only to the countries concerned, so
// that an analyst of a third country sees a link with an owner to call.
func demoNetworks() []demoNetwork {
	all := meridian.Release{Scope: meridian.ScopeAll}
	listed := func(cc ...string) meridian.Release {
		return meridian.Release{Scope: meridian.ScopeListed, Countries: cc}
	}
	phone := func(v string) meridian.Identifier { return meridian.Identifier{Kind: meridian.IDPhone, Value: v} }
	email := func(v string) meridian.Identifier { return meridian.Identifier{Kind: meridian.IDEmail, Value: v} }
	suspect := func(roles ...string) *meridian.Suspect { return &meridian.Suspect{ProcessRoles: roles} }
	victim := func(from string, age int) *meridian.Victim {
		return &meridian.Victim{Status: "presumed", StatusDecidedBy: "police", AgeWhenTrafficked: age, Recruitment: []string{"job offer"},
			RecruitedIn: from, ExploitedIn: []string{"MK"}, Exploitation: []string{meridian.ExploitSexual}, ReferredTo: "shelter"}
	}
	p := func(rel meridian.Release, role meridian.PersonRole, name, birth string, sex meridian.Sex, nat string, ids ...meridian.Identifier) meridian.Person {
		x := meridian.Person{Role: role, Names: []meridian.Name{{Full: name}}, BirthDate: meridian.Date(birth), Sex: sex,
			Nationalities: []string{nat}, Identifiers: ids}
		x.Meta = meridian.Meta{TLP: meridian.TLPAmber, Handling: meridian.H0, Release: rel}
		return x
	}
	recruiterAL := p(all, meridian.RoleSuspect, "Besnik Krasniqi", "1984-07-22", "M", "AL",
		phone("+355 69 412 7788"), email("pune.jashte@mail.al"))
	recruiterAL.Suspect = suspect("recruiter")
	recruiterAL.Names = append(recruiterAL.Names, meridian.Name{Full: "Бесник Красники"})
	// The same man in Serbia: an alias, his phone, the forged passport.
	aliasRS := p(listed("RS", "MK", "AL"), meridian.RoleSuspect, "Besnik Krasnići", "1984-07-22", "M", "AL",
		phone("+355694127788"))
	aliasRS.Suspect = suspect("transporter")
	recruiterRS := p(all, meridian.RoleSuspect, "Nikola Jovanović", "1979-02-03", "M", "RS",
		phone("+381 63 771 2040"), email("posao.inostranstvo@gmail.com"))
	recruiterRS.Suspect = suspect("recruiter")
	recruiterUA := p(all, meridian.RoleSuspect, "Oleksandr Melnyk", "1988-11-09", "M", "UA",
		phone("+380 67 555 1942"), meridian.Identifier{Kind: meridian.IDOnlineAccount, Value: "@work_abroad_ua", Platform: "telegram"})
	recruiterUA.Suspect = suspect("recruiter")
	exploiter := p(all, meridian.RoleSuspect, "Dragan Stojanovski", "1975-05-30", "M", "MK",
		phone("+389 70 215 334"), phone("+355 69 412 7788"), email("posao.inostranstvo@gmail.com"))
	exploiter.Suspect = suspect("exploiter", "organiser")
	manager := p(listed("MK", "UA"), meridian.RoleSuspect, "Zoran Trajkovski", "1981-01-14", "M", "MK",
		phone("+389 71 884 090"), meridian.Identifier{Kind: meridian.IDOnlineAccount, Value: "@work_abroad_ua", Platform: "telegram"})
	manager.Suspect = suspect("exploiter")
	v := func(name, birth, nat string, age int, ids ...meridian.Identifier) meridian.Person {
		x := p(listed("MK", nat), meridian.RoleVictim, name, birth, "F", nat, ids...)
		x.Victim = victim(nat, age)
		return x
	}
	return []demoNetwork{
		{by: "ncb.al", person: recruiterAL, passport: "BK4471920"},
		{by: "border.rs", person: aliasRS, passport: "BK4471920"},
		{by: "border.rs", person: recruiterRS},
		{by: "officer.ua", person: recruiterUA},
		{by: "officer.mk", person: exploiter},
		{by: "officer.mk", person: manager},
		// The victims the raids found: the recruiters' numbers are in their phones.
		{by: "officer.mk", person: v("Ermira Hoxhaj", "2001-04-18", "AL", 21, phone("+355 69 412 7788"))},
		{by: "officer.mk", person: v("Valentina Rojas", "1998-09-02", "CO", 24)},
		{by: "officer.mk", person: v("Yulia Sokolova", "2000-12-25", "RU", 22)},
		{by: "officer.mk", person: v("Jelena Marković", "2003-03-07", "RS", 19, email("posao.inostranstvo@gmail.com"))},
		{by: "officer.mk", person: v("Kateryna Bondarenko", "2002-06-30", "UA", 20, phone("+380 67 555 1942"))},
	}
}

// plantDemoNetworks stores demoNetworks as their owners, a forged
// passport beside the two records of its holder, subscribes the demo's
// analyst (the coordinator) and observer to the operation so that their
// inboxes fill as the links are proposed, and opens an invitation for
// Albania to a second, planned operation. A record whose owner the plan
// lacks is left out. It returns the records' ids by their primary name.
func plantDemoNetworks(ctx context.Context, m *Main, w *operation.World) (map[string]string, error) {
	op := w.Operation
	ids := map[string]string{}
	for _, n := range demoNetworks() {
		as, err := demoSubject(ctx, m, w, n.by)
		if err != nil {
			m.Logger.Warn("demo: a network record left out", "owner", n.by, "err", err.Error())
			continue
		}
		p := n.person
		p.OperationID = op.ID
		if err := m.DB.CreatePerson(as, &p); err != nil {
			return nil, fmt.Errorf("demo: the record of %s: %w", p.PrimaryName(), err)
		}
		ids[p.PrimaryName()] = p.ID
		if n.passport == "" {
			continue
		}
		d := &meridian.Document{Type: "passport", Number: n.passport, IssuingState: "AL", Status: "valid", PersonID: p.ID}
		d.Meta = meridian.Meta{OperationID: op.ID, TLP: p.TLP, Handling: p.Handling, Release: p.Release}
		if err := m.DB.CreateDocument(as, d); err != nil {
			return nil, fmt.Errorf("demo: the passport of %s: %w", p.PrimaryName(), err)
		}
	}
	for _, u := range []string{"coordinator", "observer.unodc"} {
		as, err := demoSubject(ctx, m, w, u)
		if err != nil {
			return nil, err
		}
		err = m.DB.Subscribe(as, &meridian.Subscription{TargetKind: meridian.SubscribeOperation, TargetID: op.ID})
		if err != nil && meridian.KindOf(err) != meridian.EConflict {
			return nil, fmt.Errorf("demo: %s follows the operation: %w", u, err)
		}
	}
	coord, err := demoSubject(ctx, m, w, "coordinator")
	if err != nil {
		return nil, err
	}
	next := &meridian.Operation{Name: op.Name + " – follow-up", Status: meridian.OperationPlanned,
		Description: "Follow-up of the networks the week uncovered, from the origin countries.",
		Countries:   []string{"AL"}, Start: demoLater(op.End, 30), End: demoLater(op.End, 36)}
	if err := m.DB.CreateOperation(coord, next); err != nil {
		return nil, fmt.Errorf("demo: the follow-up operation: %w", err)
	}
	return ids, nil
}

// demoLater is the date days after d.
func demoLater(d meridian.Date, days int) meridian.Date {
	t, err := time.Parse("2006-01-02", string(d))
	if err != nil {
		return d
	}
	return meridian.DateOf(t.AddDate(0, 0, days))
}

// demoSubject is the subject of the plan's user username (or of the
// first of its renamed copies).
func demoSubject(ctx context.Context, m *Main, w *operation.World, username string) (context.Context, error) {
	for _, u := range w.Users {
		if u.Username != username {
			continue
		}
		a, err := m.DB.FindAgencyByID(meridian.WithSubject(ctx, meridian.SystemSubject), u.AgencyID)
		if err != nil {
			return nil, err
		}
		return meridian.WithSubject(ctx, &meridian.Subject{UserID: u.ID, Username: u.Username, AgencyID: a.ID,
			Country: a.Country, Roles: u.Roles, Purpose: "demo", Addr: "demo"}), nil
	}
	return nil, errors.New("no user " + username + " in the plan")
}

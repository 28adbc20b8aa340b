package http_test

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"meridian"
)

// The fakes stand in for the services so that these tests check the
// translation alone; the real services have their own tests. Each records
// the last subject and filter it saw and returns Err when set.

// fake holds what every fake shares.
type fake struct {
	mu      sync.Mutex
	Err     error             // returned by every method when set
	Subject *meridian.Subject // the subject of the last call
	Next    string            // next cursor a list returns
	Filter  any               // the last filter a list got
}

func (f *fake) call(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Subject = meridian.SubjectFrom(ctx)
	return f.Err
}

func (f *fake) list(ctx context.Context, filter any) (string, error) {
	if err := f.call(ctx); err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Filter = filter
	return f.Next, nil
}

// table is an in-memory record store keyed by id.
type table[T any] struct {
	mu   sync.Mutex
	rows map[string]T
	ids  []string
}

func (t *table[T]) put(id string, v T) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.rows == nil {
		t.rows = map[string]T{}
	}
	if _, ok := t.rows[id]; !ok {
		t.ids = append(t.ids, id)
	}
	t.rows[id] = v
}

func (t *table[T]) get(id, what string) (T, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.rows[id]
	if !ok {
		return v, meridian.NotFound("fake", what)
	}
	return v, nil
}

func (t *table[T]) del(id, what string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.rows[id]; !ok {
		return meridian.NotFound("fake", what)
	}
	delete(t.rows, id)
	t.ids = slices.DeleteFunc(t.ids, func(x string) bool { return x == id })
	return nil
}

func (t *table[T]) all() []T {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []T
	for _, id := range t.ids {
		out = append(out, t.rows[id])
	}
	return out
}

var now = time.Date(2024, 10, 1, 12, 0, 0, 0, time.UTC)

// stamp does what a store does on create: owner, id, timestamps.
func stamp(ctx context.Context, m *meridian.Meta) {
	sub := meridian.SubjectFrom(ctx)
	m.ID = meridian.NewID()
	m.OwnerAgency, m.OwnerCountry = sub.AgencyID, sub.Country
	m.CreatedBy, m.UpdatedBy = sub.UserID, sub.UserID
	m.CreatedAt, m.UpdatedAt = now, now
	m.Version = 1
	if m.RetentionReview.IsZero() {
		m.RetentionReview = meridian.DateOf(now.Add(meridian.DefaultRetention))
	}
}

// bump does what a store does on update: check the version, keep the owner.
func bump(old, m *meridian.Meta) error {
	if m.Version != old.Version {
		return meridian.Errorf(meridian.EConflict, "fake", "stale version %d, now %d", m.Version, old.Version)
	}
	id, version := m.ID, m.Version+1
	rr := m.RetentionReview
	*m = meridian.Meta{
		ID: id, OwnerAgency: old.OwnerAgency, OwnerCountry: old.OwnerCountry,
		OperationID: m.OperationID, TLP: m.TLP, Handling: m.Handling, HandlingNote: m.HandlingNote,
		Release: m.Release, SourceGrade: m.SourceGrade, InfoGrade: m.InfoGrade,
		RetentionReview: rr, CreatedBy: old.CreatedBy, CreatedAt: old.CreatedAt,
		UpdatedBy: old.UpdatedBy, UpdatedAt: now, Version: version,
	}
	if m.RetentionReview.IsZero() {
		m.RetentionReview = old.RetentionReview
	}
	return nil
}

type fakeAuth struct {
	mu        sync.Mutex
	passwords map[string]string            // username → password
	users     map[string]*meridian.User    // username → user
	sessions  map[string]*meridian.Subject // session token → subject
	tokens    map[string]*meridian.Subject // API token → subject
	LoginAddr string
	LoggedOut []string
	Throttle  bool
}

var _ meridian.AuthService = (*fakeAuth)(nil)

func subjectOf(u *meridian.User) *meridian.Subject {
	return &meridian.Subject{UserID: u.ID, Username: u.Username, AgencyID: u.AgencyID, Country: u.Country, Roles: u.Roles}
}

func (a *fakeAuth) Login(ctx context.Context, username, password, addr string) (string, *meridian.User, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.LoginAddr = addr
	if a.Throttle {
		return "", nil, meridian.Errorf(meridian.ERateLimited, "fake", "too many attempts")
	}
	u, ok := a.users[username]
	if !ok || a.passwords[username] != password {
		return "", nil, meridian.Errorf(meridian.EUnauthenticated, "fake", "wrong username or password")
	}
	token := "session-" + strconv.Itoa(len(a.sessions)+1)
	a.sessions[token] = subjectOf(u)
	return token, u, nil
}

func (a *fakeAuth) Logout(ctx context.Context, token string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.sessions, token)
	a.LoggedOut = append(a.LoggedOut, token)
	return nil
}

func (a *fakeAuth) SubjectBySession(ctx context.Context, token string) (*meridian.Subject, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if s, ok := a.sessions[token]; ok {
		return s, nil
	}
	return nil, meridian.Errorf(meridian.EUnauthenticated, "fake", "no such session")
}

func (a *fakeAuth) SubjectByToken(ctx context.Context, token string) (*meridian.Subject, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if s, ok := a.tokens[token]; ok {
		return s, nil
	}
	return nil, meridian.Errorf(meridian.EUnauthenticated, "fake", "no such token")
}

type fakeUsers struct {
	fake
	t table[*meridian.User]
}

var _ meridian.UserService = (*fakeUsers)(nil)

func (f *fakeUsers) CreateUser(ctx context.Context, u *meridian.User, password string) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	if err := u.Validate(); err != nil {
		return err
	}
	u.ID, u.CreatedAt = meridian.NewID(), now
	f.t.put(u.ID, u)
	return nil
}

func (f *fakeUsers) FindUserByID(ctx context.Context, id string) (*meridian.User, error) {
	if err := f.call(ctx); err != nil {
		return nil, err
	}
	return f.t.get(id, "user")
}

func (f *fakeUsers) FindUsers(ctx context.Context, filter meridian.UserFilter) ([]*meridian.User, string, error) {
	next, err := f.list(ctx, filter)
	return f.t.all(), next, err
}

func (f *fakeUsers) CreateToken(ctx context.Context, userID, name string) (string, error) {
	if err := f.call(ctx); err != nil {
		return "", err
	}
	if _, err := f.t.get(userID, "user"); err != nil {
		return "", err
	}
	return "token-for-" + name, nil
}

type fakeAgencies struct {
	fake
	t table[*meridian.Agency]
}

var _ meridian.AgencyService = (*fakeAgencies)(nil)

func (f *fakeAgencies) CreateAgency(ctx context.Context, a *meridian.Agency) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return err
	}
	a.ID, a.CreatedAt = meridian.NewID(), now
	f.t.put(a.ID, a)
	return nil
}

func (f *fakeAgencies) FindAgencyByID(ctx context.Context, id string) (*meridian.Agency, error) {
	if err := f.call(ctx); err != nil {
		return nil, err
	}
	return f.t.get(id, "agency")
}

func (f *fakeAgencies) FindAgencies(ctx context.Context, filter meridian.AgencyFilter) ([]*meridian.Agency, string, error) {
	next, err := f.list(ctx, filter)
	return f.t.all(), next, err
}

func (f *fakeAgencies) UpdateAgency(ctx context.Context, a *meridian.Agency) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	if _, err := f.t.get(a.ID, "agency"); err != nil {
		return err
	}
	f.t.put(a.ID, a)
	return nil
}

type fakeOperations struct {
	fake
	t table[*meridian.Operation]
}

var _ meridian.OperationService = (*fakeOperations)(nil)

func (f *fakeOperations) CreateOperation(ctx context.Context, o *meridian.Operation) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return err
	}
	o.ID, o.CreatedAt, o.UpdatedAt, o.Version = meridian.NewID(), now, now, 1
	o.CreatedBy = meridian.SubjectFrom(ctx).UserID
	f.t.put(o.ID, o)
	return nil
}

func (f *fakeOperations) FindOperationByID(ctx context.Context, id string) (*meridian.Operation, error) {
	if err := f.call(ctx); err != nil {
		return nil, err
	}
	return f.t.get(id, "operation")
}

func (f *fakeOperations) FindOperations(ctx context.Context, filter meridian.OperationFilter) ([]*meridian.Operation, string, error) {
	next, err := f.list(ctx, filter)
	return f.t.all(), next, err
}

func (f *fakeOperations) UpdateOperation(ctx context.Context, o *meridian.Operation) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	old, err := f.t.get(o.ID, "operation")
	if err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return err
	}
	if o.Version != old.Version {
		return meridian.Errorf(meridian.EConflict, "fake", "stale version")
	}
	o.CreatedBy, o.CreatedAt, o.UpdatedAt, o.Version = old.CreatedBy, old.CreatedAt, now, o.Version+1
	f.t.put(o.ID, o)
	return nil
}

type fakePersons struct {
	fake
	t table[*meridian.Person]
}

var _ meridian.PersonService = (*fakePersons)(nil)

func (f *fakePersons) CreatePerson(ctx context.Context, p *meridian.Person) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	stamp(ctx, &p.Meta)
	f.t.put(p.ID, p)
	return nil
}

func (f *fakePersons) FindPersonByID(ctx context.Context, id string) (*meridian.Person, error) {
	if err := f.call(ctx); err != nil {
		return nil, err
	}
	return f.t.get(id, "person")
}

func (f *fakePersons) FindPersons(ctx context.Context, filter meridian.PersonFilter) ([]*meridian.Person, string, error) {
	next, err := f.list(ctx, filter)
	return f.t.all(), next, err
}

func (f *fakePersons) UpdatePerson(ctx context.Context, p *meridian.Person) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	old, err := f.t.get(p.ID, "person")
	if err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if err := bump(&old.Meta, &p.Meta); err != nil {
		return err
	}
	f.t.put(p.ID, p)
	return nil
}

func (f *fakePersons) DeletePerson(ctx context.Context, id string) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	return f.t.del(id, "person")
}

type fakeDocuments struct {
	fake
	t table[*meridian.Document]
}

var _ meridian.DocumentService = (*fakeDocuments)(nil)

func (f *fakeDocuments) CreateDocument(ctx context.Context, d *meridian.Document) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	stamp(ctx, &d.Meta)
	f.t.put(d.ID, d)
	return nil
}

func (f *fakeDocuments) FindDocumentByID(ctx context.Context, id string) (*meridian.Document, error) {
	if err := f.call(ctx); err != nil {
		return nil, err
	}
	return f.t.get(id, "document")
}

func (f *fakeDocuments) FindDocuments(ctx context.Context, filter meridian.DocumentFilter) ([]*meridian.Document, string, error) {
	next, err := f.list(ctx, filter)
	return f.t.all(), next, err
}

func (f *fakeDocuments) UpdateDocument(ctx context.Context, d *meridian.Document) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	old, err := f.t.get(d.ID, "document")
	if err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	if err := bump(&old.Meta, &d.Meta); err != nil {
		return err
	}
	f.t.put(d.ID, d)
	return nil
}

func (f *fakeDocuments) DeleteDocument(ctx context.Context, id string) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	return f.t.del(id, "document")
}

type fakeEvents struct {
	fake
	t table[*meridian.Event]
}

var _ meridian.EventService = (*fakeEvents)(nil)

func (f *fakeEvents) CreateEvent(ctx context.Context, e *meridian.Event) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	if err := e.Validate(); err != nil {
		return err
	}
	stamp(ctx, &e.Meta)
	f.t.put(e.ID, e)
	return nil
}

func (f *fakeEvents) FindEventByID(ctx context.Context, id string) (*meridian.Event, error) {
	if err := f.call(ctx); err != nil {
		return nil, err
	}
	return f.t.get(id, "event")
}

func (f *fakeEvents) FindEvents(ctx context.Context, filter meridian.EventFilter) ([]*meridian.Event, string, error) {
	next, err := f.list(ctx, filter)
	return f.t.all(), next, err
}

func (f *fakeEvents) UpdateEvent(ctx context.Context, e *meridian.Event) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	old, err := f.t.get(e.ID, "event")
	if err != nil {
		return err
	}
	if err := e.Validate(); err != nil {
		return err
	}
	if err := bump(&old.Meta, &e.Meta); err != nil {
		return err
	}
	f.t.put(e.ID, e)
	return nil
}

func (f *fakeEvents) DeleteEvent(ctx context.Context, id string) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	return f.t.del(id, "event")
}

type fakeCases struct {
	fake
	t table[*meridian.Case]
}

var _ meridian.CaseService = (*fakeCases)(nil)

func (f *fakeCases) CreateCase(ctx context.Context, c *meridian.Case) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	stamp(ctx, &c.Meta)
	f.t.put(c.ID, c)
	return nil
}

func (f *fakeCases) FindCaseByID(ctx context.Context, id string) (*meridian.Case, error) {
	if err := f.call(ctx); err != nil {
		return nil, err
	}
	return f.t.get(id, "case")
}

func (f *fakeCases) FindCases(ctx context.Context, filter meridian.CaseFilter) ([]*meridian.Case, string, error) {
	next, err := f.list(ctx, filter)
	return f.t.all(), next, err
}

func (f *fakeCases) UpdateCase(ctx context.Context, c *meridian.Case) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	old, err := f.t.get(c.ID, "case")
	if err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if err := bump(&old.Meta, &c.Meta); err != nil {
		return err
	}
	f.t.put(c.ID, c)
	return nil
}

func (f *fakeCases) DeleteCase(ctx context.Context, id string) error {
	if err := f.call(ctx); err != nil {
		return err
	}
	return f.t.del(id, "case")
}

type fakeAudit struct {
	fake
	Entries []*meridian.AuditEntry
}

var _ meridian.AuditService = (*fakeAudit)(nil)

func (f *fakeAudit) FindAuditEntries(ctx context.Context, filter meridian.AuditFilter) ([]*meridian.AuditEntry, string, error) {
	next, err := f.list(ctx, filter)
	return f.Entries, next, err
}

func (f *fakeOperations) participant(ctx context.Context, id string, kind meridian.ParticipantKind, value string, st meridian.ParticipantStatus) (*meridian.Participant, error) {
	if err := f.call(ctx); err != nil {
		return nil, err
	}
	if _, err := f.t.get(id, "operation"); err != nil {
		return nil, err
	}
	return &meridian.Participant{OperationID: id, Kind: kind, Value: value, Status: st}, nil
}

func (f *fakeOperations) InviteParticipant(ctx context.Context, id string, kind meridian.ParticipantKind, value string) (*meridian.Participant, error) {
	return f.participant(ctx, id, kind, value, meridian.ParticipantInvited)
}

func (f *fakeOperations) AcceptInvitation(ctx context.Context, id string, kind meridian.ParticipantKind, value string) (*meridian.Participant, error) {
	return f.participant(ctx, id, kind, value, meridian.ParticipantAccepted)
}

func (f *fakeOperations) RemoveParticipant(ctx context.Context, id string, kind meridian.ParticipantKind, value string) (*meridian.Participant, error) {
	return f.participant(ctx, id, kind, value, meridian.ParticipantRemoved)
}

func (f *fakeOperations) FindParticipants(ctx context.Context, id string) ([]*meridian.Participant, error) {
	if err := f.call(ctx); err != nil {
		return nil, err
	}
	_, err := f.t.get(id, "operation")
	return nil, err
}

func (f *fakeOperations) FindInvitations(ctx context.Context) ([]*meridian.Participant, error) {
	return nil, f.call(ctx)
}

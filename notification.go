package meridian

import (
	"context"
	"time"
)

// Subscription targets: what a user may follow.
const (
	SubscribeRecord    = "record"
	SubscribeCase      = "case"
	SubscribeOperation = "operation"
)

// Subscription is a user following a record, a case or an operation: a
// new proposal or confirmation touching it reaches the user's inbox.
type Subscription struct {
	TargetKind string    `json:"target_kind" enum:"record,case,operation"`
	TargetID   string    `json:"target_id"`
	CreatedAt  time.Time `json:"created_at,omitzero"`
}

// Notification kinds.
const (
	// NoticeLinkProposed: a new proposal (or one proposed again on new
	// evidence) touches what the recipient follows or owns.
	NoticeLinkProposed = "link_proposed"
	// NoticeLinkConfirmed: a link touching it was confirmed.
	NoticeLinkConfirmed = "link_confirmed"
	// NoticeLinkShown: a reader of another agency (ByAgency) who may not
	// read the recipient agency's end was told of the link and to
	// contact it: expect their call.
	NoticeLinkShown = "link_shown"
	// NoticeRequestChanged: the other side of a request took a step.
	NoticeRequestChanged = "request_changed"
	// NoticeRequestReminder: a step of a request is due soon.
	NoticeRequestReminder = "request_reminder"
	// NoticeRequestOverdue: a step of a request is past its deadline.
	NoticeRequestOverdue = "request_overdue"
)

// Notification is one item of an inbox: a user's (from a subscription)
// or an agency's (about its records). It names the link; the link itself
// is read through LinkService, decided for the reader then.
type Notification struct {
	ID         string    `json:"id"`
	Kind       string    `json:"kind" enum:"link_proposed,link_confirmed,link_shown,request_changed,request_reminder,request_overdue"`
	LinkID     string    `json:"link_id"`
	RequestID  string    `json:"request_id,omitempty" doc:"for request notices: the request"`
	Detail     string    `json:"detail,omitempty" doc:"for request notices: the action taken, or the deadline (acknowledge, decide, execute)"`
	TargetKind string    `json:"target_kind,omitempty" doc:"the subscription that brought it, if any"`
	TargetID   string    `json:"target_id,omitempty"`
	Agency     bool      `json:"agency,omitempty" doc:"addressed to the agency's readers, as owner of a linked record"`
	ByAgency   string    `json:"by_agency,omitempty" doc:"for link_shown: the agency told of the link"`
	At         time.Time `json:"at"`
	Read       bool      `json:"read"`
}

// NotificationFilter selects an inbox's notifications.
type NotificationFilter struct {
	Unread bool
	Page
}

// NotificationService is subscriptions and the inbox. Each user manages
// their own; a notification is listed only while the reader may see its
// link (one end readable).
type NotificationService interface {
	// Subscribe follows a target the caller may read (a record or a case)
	// or takes part in (an operation). ENotFound otherwise; EInvalid for
	// an unknown kind.
	Subscribe(ctx context.Context, s *Subscription) error
	// Unsubscribe stops following; ENotFound if not followed.
	Unsubscribe(ctx context.Context, kind, id string) error
	// FindSubscriptions lists the caller's subscriptions.
	FindSubscriptions(ctx context.Context) ([]*Subscription, error)
	// FindNotifications lists the caller's inbox, newest first.
	FindNotifications(ctx context.Context, f NotificationFilter) ([]*Notification, string, error)
	// MarkNotificationRead marks one as read; ENotFound.
	MarkNotificationRead(ctx context.Context, id string) error
}

// NoticeChangeKind is the bus kind of a new notification's change.
const NoticeChangeKind = "notification"

// NoticeData is the data of a notification change: its recipient, so that
// the live inbox knows whom to tell, and nothing of the link. The change
// has no Meta: no subscriber that decides by releasability receives it.
type NoticeData struct {
	User   string `json:"user,omitempty"`
	Agency string `json:"agency,omitempty"`
}

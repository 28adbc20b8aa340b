package http

import (
	"context"
	nethttp "net/http"

	"meridian"
)

// ParticipantInput names a country or an agency of an operation.
type ParticipantInput struct {
	Kind  meridian.ParticipantKind `json:"kind" enum:"country,agency"`
	Value string                   `json:"value" doc:"ISO 3166-1 alpha-2 country code, or agency id"`
}

type participantPath struct {
	ID    string `path:"id" doc:"operation id"`
	Kind  string `path:"kind" enum:"country,agency"`
	Value string `path:"value" doc:"country code or agency id"`
}

// participantRoutes: who takes part in an operation, by invitation.
func (s *Server) participantRoutes() {
	const tag = "operations"
	register(s, s.op("list-participants", nethttp.MethodGet, "/operations/{id}/participants", tag, "Who was invited to an operation, and what became of it"),
		func(ctx context.Context, in *idInput) (*listOutput[*meridian.Participant], error) {
			ps, err := s.Operations.FindParticipants(ctx, in.ID)
			return page(ps, "", err)
		})
	op := s.op("invite-participant", nethttp.MethodPost, "/operations/{id}/participants", tag, "Invite a country or an agency to an operation")
	op.Description = "Coordinators of the lead agency. The invitee takes part once it accepts: a country through its national central bureau, an agency through its coordinators or NCB officers."
	register(s, op, func(ctx context.Context, in *updateInput[ParticipantInput]) (*createdOutput[*meridian.Participant], error) {
		p, err := s.Operations.InviteParticipant(ctx, in.ID, in.Body.Kind, in.Body.Value)
		if err != nil {
			return nil, err
		}
		return created(p, "/operations/"+in.ID+"/participants")
	})
	op = s.op("accept-invitation", nethttp.MethodPost, "/operations/{id}/participants/accept", tag, "Accept an invitation to an operation")
	op.DefaultStatus = nethttp.StatusOK
	register(s, op, func(ctx context.Context, in *updateInput[ParticipantInput]) (*bodyOutput[*meridian.Participant], error) {
		return one(s.Operations.AcceptInvitation(ctx, in.ID, in.Body.Kind, in.Body.Value))
	})
	op = s.op("remove-participant", nethttp.MethodDelete, "/operations/{id}/participants/{kind}/{value}", tag, "Remove a participant or withdraw an invitation")
	op.Description = "Coordinators of the lead agency. The participant loses access to what is released to the operation's participants at once."
	op.DefaultStatus = nethttp.StatusOK
	register(s, op, func(ctx context.Context, in *participantPath) (*bodyOutput[*meridian.Participant], error) {
		return one(s.Operations.RemoveParticipant(ctx, in.ID, meridian.ParticipantKind(in.Kind), in.Value))
	})
	register(s, s.op("list-invitations", nethttp.MethodGet, "/invitations", tag, "Open invitations to your agency or country"),
		func(ctx context.Context, _ *struct{}) (*listOutput[*meridian.Participant], error) {
			ps, err := s.Operations.FindInvitations(ctx)
			return page(ps, "", err)
		})
}

package http

// List is one page of a list. The cursor is opaque; pass it back as the
// cursor query parameter for the next page.
type List[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty" doc:"cursor of the next page; absent on the last page"`
}

// listOutput is the response of a list operation.
type listOutput[T any] struct {
	Body List[T]
}

// page answers a list operation: items are never null, so that clients can
// iterate without a check.
func page[T any](items []T, next string, err error) (*listOutput[T], error) {
	if err != nil {
		return nil, err
	}
	if items == nil {
		items = []T{}
	}
	return &listOutput[T]{Body: List[T]{Items: items, NextCursor: next}}, nil
}

// bodyOutput is a response of one value.
type bodyOutput[T any] struct {
	Body T
}

// createdOutput is the response of a create: the new record and where it
// lives.
type createdOutput[T any] struct {
	Location string `header:"Location" doc:"the new record's URL"`
	Body     T
}

// idInput addresses one record.
type idInput struct {
	ID string `path:"id" doc:"record id"`
}

// updateInput is a PUT: the record's id in the path, its new content,
// version included, in the body.
type updateInput[T any] struct {
	ID   string `path:"id" doc:"record id"`
	Body T
}

// createInput is a POST of a new record.
type createInput[T any] struct {
	Body T
}

// noOutput is the response of a delete.
type noOutput struct{}

// one answers with a single value.
func one[T any](v T, err error) (*bodyOutput[T], error) {
	if err != nil {
		return nil, err
	}
	return &bodyOutput[T]{Body: v}, nil
}

// created answers a create with the record and its location, path being
// relative to APIPrefix.
func created[T any](v T, path string) (*createdOutput[T], error) {
	return &createdOutput[T]{Location: APIPrefix + path, Body: v}, nil
}

// deleted answers a delete.
func deleted(err error) (*noOutput, error) {
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

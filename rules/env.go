package rules

import (
	"reflect"
	"strconv"
	"sync"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/ext"
)

// CostLimit bounds one evaluation of one rule on one traveller, in CEL's
// cost units (roughly one per operation and per element a comprehension
// visits). The default rules cost a few hundred on a large group; the
// bound stops a rule written as a nested loop over a big group before it
// eats the ingest's time budget, as an evaluation warning.
const CostLimit = 50000

// MaxRange bounds lists.range(n).
const MaxRange = 1000

// MaxCostFailures is how many travellers of one manifest a rule may
// exceed CostLimit on before it is left out for the rest of the manifest:
// a rule too costly for one big group is likely too costly for all, and
// the ingest's time budget is shared.
const MaxCostFailures = 3

// Variables and functions a rule may use; package doc lists them for
// rule writers.
var (
	envOnce sync.Once
	theEnv  *cel.Env
	envErr  error
)

// Env returns the CEL environment rules compile in: the six typed
// variables, the standard library with the strings, lists, math and sets
// extensions, and the helper functions.
func Env() (*cel.Env, error) {
	envOnce.Do(func() { theEnv, envErr = newEnv() })
	return theEnv, envErr
}

func newEnv() (*cel.Env, error) {
	obj := func(v any) *cel.Type { return cel.ObjectType("rules." + reflect.TypeOf(v).Name()) }
	return cel.NewEnv(
		ext.NativeTypes(reflect.TypeFor[Traveller](), reflect.TypeFor[Document](), reflect.TypeFor[Booking](),
			reflect.TypeFor[Ticket](), reflect.TypeFor[Payment](), reflect.TypeFor[Agency](),
			reflect.TypeFor[Itinerary](), reflect.TypeFor[Flight](), reflect.TypeFor[Group](), reflect.TypeFor[Member](),
			ext.ParseStructTag("json")),
		cel.Variable("traveller", obj(Traveller{})),
		cel.Variable("document", obj(Document{})),
		cel.Variable("booking", obj(Booking{})),
		cel.Variable("itinerary", obj(Itinerary{})),
		cel.Variable("flight", obj(Flight{})),
		cel.Variable("group", obj(Group{})),
		ext.Strings(ext.StringsValidateFormatCalls(true)),
		// No rule needs a range longer than a flight; the default (a
		// million) would let one rule allocate megabytes per traveller.
		ext.Lists(ext.ListsMaxRangeSize(MaxRange)),
		ext.Math(),
		ext.Bindings(),
		ext.Sets(),
		cel.Function("hub",
			cel.Overload("hub_string", []*cel.Type{cel.StringType}, cel.BoolType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					s, ok := v.(types.String)
					if !ok {
						return types.NewErr("hub: want a string")
					}
					return types.Bool(isHub(string(s)))
				}))),
		cel.Function("plural",
			cel.Overload("plural_int_string", []*cel.Type{cel.IntType, cel.StringType}, cel.StringType,
				cel.BinaryBinding(func(n, word ref.Val) ref.Val {
					i, ok1 := n.(types.Int)
					w, ok2 := word.(types.String)
					if !ok1 || !ok2 {
						return types.NewErr("plural: want an int and a string")
					}
					return types.String(plural(int64(i), string(w), string(w)+"s"))
				})),
			cel.Overload("plural_int_string_string", []*cel.Type{cel.IntType, cel.StringType, cel.StringType}, cel.StringType,
				cel.FunctionBinding(func(args ...ref.Val) ref.Val {
					i, ok1 := args[0].(types.Int)
					one, ok2 := args[1].(types.String)
					many, ok3 := args[2].(types.String)
					if !ok1 || !ok2 || !ok3 {
						return types.NewErr("plural: want an int and two strings")
					}
					return types.String(plural(int64(i), string(one), string(many)))
				}))),
		cel.Function("same_family",
			cel.Overload("same_family_string_string", []*cel.Type{cel.StringType, cel.StringType}, cel.BoolType,
				cel.BinaryBinding(func(a, b ref.Val) ref.Val {
					x, ok1 := a.(types.String)
					y, ok2 := b.(types.String)
					if !ok1 || !ok2 {
						return types.NewErr("same_family: want two strings")
					}
					return types.Bool(sharesAny(familyTokens(string(x)), familyTokens(string(y))))
				}))),
	)
}

// plural writes a count with its noun, for reasons: "1 day", "3 days".
func plural(n int64, one, many string) string {
	if n == 1 || n == -1 {
		return "1 " + one
	}
	return strconv.FormatInt(n, 10) + " " + many
}

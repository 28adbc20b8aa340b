package meridian

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
)

// Suppress hides the cells of the anonymised statistics that count fewer
// than Suppression people (primary suppression), then as many other cells
// as it takes that none of them can be worked out from what one user sees
// (complementary suppression), and returns the rows to publish.
//
// What a user sees besides the cells: the results' totals (victims,
// migrants) and victims by exploitation type, the same over the whole
// operation as summed from any view of it; and, since a table lists only
// the cells that count someone, which cells are zero. Those give these
// linear relations, all of them with a published right-hand side:
//
//   - the victims by profile sum to the victims in the results;
//   - each exploitation type's victims, over nationalities, sum to that
//     type's figure in the results (and those of no known type to the
//     victims less those of a type);
//   - for each nationality, its victims by exploitation sum to its victims
//     by profile (exactly so when each group has at most one type: assumed
//     always, since the attacker may know it);
//   - the migrants by nationality, and by route, sum to the migrants in the
//     results.
//
// A hidden cell is derivable exactly when its unit vector lies in the row
// space of those relations restricted to the hidden cells, or when the
// relations and that no cell is below zero leave it one value (found by
// linear programming); while one is,
// the smallest shown cell sharing a relation with it is hidden too, and
// failing that a zero cell of the table (listed as suppressed, so that a
// suppressed cell may count no one). A table group that cannot be
// protected (one possible cell carrying a published total) is withheld.
func Suppress(rows []StatRow) []StatRow {
	var victims, migrants []StatRow
	for _, r := range rows {
		switch r.Table {
		case "victims_by_profile", "victims_by_exploitation":
			victims = append(victims, r)
		case "migrants_by_nationality", "migrants_by_route":
			migrants = append(migrants, r)
		}
	}
	out := append(protect(victims, victimRelations), protect(migrants, migrantRelations)...)
	slices.SortFunc(out, func(a, b StatRow) int { return cmp.Compare(statKey(a), statKey(b)) })
	return out
}

func statKey(r StatRow) string {
	return r.Table + "\x00" + r.Nationality + "\x00" + r.Sex + "\x00" + r.AgeBand + "\x00" + r.Exploitation + "\x00" + r.Origin + "\x00" + r.Transit + "\x00" + r.Destination
}

// SuppressFlows is Suppress for the routes analysis: each table (one per
// route kind, named "route_" and the kind) is protected on its own, under
// the one relation a viewer may know of it, that its cells sum to a total
// (the results publish the victims and migrants). A row given already
// Suppressed is hidden whatever it counts (the caller found that another
// view would give it away). A table that cannot be protected is withheld.
func SuppressFlows(rows []StatRow) []StatRow {
	byTable := map[string][]StatRow{}
	var tables []string
	for _, r := range rows {
		if _, ok := byTable[r.Table]; !ok {
			tables = append(tables, r.Table)
		}
		byTable[r.Table] = append(byTable[r.Table], r)
	}
	slices.Sort(tables)
	var out []StatRow
	for _, t := range tables {
		out = append(out, protect(byTable[t], sumRelation)...)
	}
	return out
}

// sumRelation is the one relation of a table whose cells sum to a known
// total.
func sumRelation(cells []statCell) []relation {
	var all relation
	for i := range cells {
		all = append(all, term{i, 1})
	}
	return []relation{all}
}

// statCell is a cell of a table group: a listed row, or a zero cell of the
// table that could be listed as suppressed.
type statCell struct {
	row        *StatRow // nil in SuppressCells' tables
	n          int64
	listed     bool
	suppressed bool
	forced     bool // given suppressed: hidden whatever it counts
	fixed      bool // never hidden to protect another (SuppressCells)
}

// relation is a set of cells whose signed sum is published.
type relation []term

// term is a cell of a relation with its coefficient (the same type as
// SuppressCells' CellTerm, so that its relations are used as given).
type term = CellTerm

// protect suppresses within one group of tables, under the relations that
// relate writes down over its cells (the listed rows and the zero cells
// the tables could hold).
func protect(rows []StatRow, relate func(cells []statCell) []relation) []StatRow {
	if len(rows) == 0 {
		return nil
	}
	cells := withZeroCells(rows)
	for i := range cells {
		if c := &cells[i]; c.listed && (c.n < Suppression || c.forced) {
			c.suppressed = true
		}
	}
	rels := relate(cells)
	g := newGraph(cells, rels)
	for {
		det := g.determined(cells, rels)
		if len(det) == 0 {
			det = pinned(cells, rels)
		}
		if len(det) == 0 {
			break
		}
		next := -1
		for _, j := range det {
			if next = complement(cells, rels, j); next >= 0 {
				break
			}
		}
		if next < 0 {
			return nil // nothing left to hide that would help: withhold
		}
		cells[next].suppressed = true
		cells[next].listed = true
	}
	var out []StatRow
	for _, c := range cells {
		if !c.listed {
			continue
		}
		r := *c.row
		r.N, r.Suppressed = c.n, c.suppressed
		if c.suppressed {
			r.N = 0
		}
		out = append(out, r)
	}
	return out
}

// complement picks the cell to hide so that the hidden cell j is no longer
// derivable: the smallest shown cell in a relation with j (a larger
// shown count widens the interval in which j may lie), a zero cell of one
// only when no shown cell is left there. When every cell of j's relations
// is hidden already, it looks one relation further, through the hidden
// cells, and so on. -1 when there is nothing left to hide.
func complement(cells []statCell, rels []relation, j int) int {
	better := func(i, best int) bool {
		if best < 0 {
			return true
		}
		a, b := cells[i], cells[best]
		if (a.n == 0) != (b.n == 0) {
			return b.n == 0
		}
		if a.n != b.n {
			return a.n < b.n
		}
		if a.row == nil || b.row == nil {
			return false // SuppressCells' cells: the first found
		}
		return statKey(*a.row) < statKey(*b.row)
	}
	hidden := func(r relation) int {
		n := 0
		for _, t := range r {
			if cells[t.Cell].suppressed {
				n++
			}
		}
		return n
	}
	reached := make([]bool, len(cells))
	reached[j] = true
	used := make([]bool, len(rels))
	for {
		// The relations reached, fewest hidden cells first: the one that
		// gives j away is the one where it hides (nearly) alone.
		var layer []int
		for k, r := range rels {
			if !used[k] && slices.ContainsFunc(r, func(t term) bool { return reached[t.Cell] }) {
				used[k] = true
				layer = append(layer, k)
			}
		}
		slices.SortStableFunc(layer, func(a, b int) int { return cmp.Compare(hidden(rels[a]), hidden(rels[b])) })
		var next []int
		for _, k := range layer {
			best := -1
			for _, t := range rels[k] {
				switch {
				case cells[t.Cell].fixed:
				case !cells[t.Cell].suppressed:
					if better(t.Cell, best) {
						best = t.Cell
					}
				case !reached[t.Cell]:
					next = append(next, t.Cell)
				}
			}
			if best >= 0 {
				return best
			}
		}
		if len(next) == 0 {
			return -1
		}
		for _, c := range next {
			reached[c] = true
		}
	}
}

// determined returns the suppressed cells whose value the relations fix:
// those whose every solution of the homogeneous system (over the
// suppressed cells) is zero, found from the reduced row echelon form.
func determined(cells []statCell, rels []relation) []int {
	return newGraph(cells, rels).determined(cells, rels)
}

// determinedRREF is determined by Gaussian elimination, for any
// relations.
func determinedRREF(cells []statCell, rels []relation) []int {
	var cols []int
	col := map[int]int{}
	for i, c := range cells {
		if c.suppressed {
			col[i] = len(cols)
			cols = append(cols, i)
		}
	}
	var m [][]float64
	for _, r := range rels {
		row := make([]float64, len(cols))
		any := false
		for _, t := range r {
			if k, ok := col[t.Cell]; ok {
				row[k] += t.Coef
				any = true
			}
		}
		if any {
			m = append(m, row)
		}
	}
	pivots := rref(m, len(cols))
	isPivot := make([]bool, len(cols))
	for _, p := range pivots {
		isPivot[p] = true
	}
	var out []int
	for r, p := range pivots {
		fixed := true
		for k := range cols {
			if !isPivot[k] && math.Abs(m[r][k]) > 1e-9 {
				fixed = false
				break
			}
		}
		if fixed {
			out = append(out, cols[p])
		}
	}
	slices.Sort(out)
	return out
}

// rref reduces m in place to reduced row echelon form and returns the
// pivot column of each of its first rows.
func rref(m [][]float64, ncols int) []int {
	var pivots []int
	r := 0
	for c := 0; c < ncols && r < len(m); c++ {
		p := r
		for i := r + 1; i < len(m); i++ {
			if math.Abs(m[i][c]) > math.Abs(m[p][c]) {
				p = i
			}
		}
		if math.Abs(m[p][c]) < 1e-9 {
			continue
		}
		m[r], m[p] = m[p], m[r]
		pv := m[r][c]
		for k := c; k < ncols; k++ {
			m[r][k] /= pv
		}
		for i := range m {
			if i == r || math.Abs(m[i][c]) < 1e-12 {
				continue
			}
			f := m[i][c]
			for k := c; k < ncols; k++ {
				m[i][k] -= f * m[r][k]
			}
		}
		pivots = append(pivots, c)
		r++
	}
	return pivots
}

// withZeroCells lists every cell the group's tables could hold: the rows
// given, and for each table the product of the values its rows show in
// each dimension, at zero. Migrants' nationalities also take the route's
// countries of origin, so that a table of one nationality has another
// cell to hide beside it.
func withZeroCells(rows []StatRow) []statCell {
	var cells []statCell
	have := map[string]bool{}
	add := func(r StatRow, n int64, listed bool) {
		forced := listed && r.Suppressed
		r.N, r.Suppressed = 0, false
		if k := statKey(r); !have[k] {
			have[k] = true
			cells = append(cells, statCell{row: &r, n: n, listed: listed, forced: forced})
		}
	}
	type dims struct{ nat, sex, band, expl, origin, dest []string }
	seen := map[string]*dims{}
	put := func(xs *[]string, x string) {
		if !slices.Contains(*xs, x) {
			*xs = append(*xs, x)
		}
	}
	natsOf := &dims{}
	if strings.HasPrefix(rows[0].Table, "victims_") {
		// A victim's nationality may be unknown: that row is always there
		// to hide a cell beside, even when all victims are of one country.
		natsOf.nat = []string{"unknown"}
	}
	for _, r := range rows {
		add(r, r.N, true)
		d := seen[r.Table]
		if d == nil {
			d = &dims{}
			seen[r.Table] = d
		}
		put(&d.nat, r.Nationality)
		put(&d.sex, r.Sex)
		put(&d.band, r.AgeBand)
		put(&d.expl, r.Exploitation)
		put(&d.origin, r.Origin)
		put(&d.dest, r.Destination)
		if r.Nationality != "" {
			put(&natsOf.nat, r.Nationality)
		}
		if r.Origin != "" && r.Origin != "unknown" {
			put(&natsOf.nat, r.Origin)
		}
	}
	for _, table := range []string{"victims_by_profile", "victims_by_exploitation", "migrants_by_nationality", "migrants_by_route"} {
		d := seen[table]
		if d == nil {
			continue
		}
		nats := d.nat
		if table != "migrants_by_route" {
			nats = natsOf.nat // every nationality the group shows
		}
		for _, n := range nats {
			for _, s := range d.sex {
				for _, b := range d.band {
					for _, x := range d.expl {
						for _, o := range d.origin {
							for _, de := range d.dest {
								add(StatRow{Table: table, Nationality: n, Sex: s, AgeBand: b, Exploitation: x, Origin: o, Destination: de}, 0, false)
							}
						}
					}
				}
			}
		}
	}
	return cells
}

func victimRelations(cells []statCell) []relation {
	var total relation
	byType := map[string]relation{}
	byNat := map[string]relation{}
	var types, nats []string
	for i, c := range cells {
		switch c.row.Table {
		case "victims_by_profile":
			total = append(total, term{i, 1})
			byNat[c.row.Nationality] = append(byNat[c.row.Nationality], term{i, -1})
		case "victims_by_exploitation":
			// The results count no "unknown" type, but its column's sum
			// follows from the others: the victims less those of a type.
			byType[c.row.Exploitation] = append(byType[c.row.Exploitation], term{i, 1})
			byNat[c.row.Nationality] = append(byNat[c.row.Nationality], term{i, 1})
		default:
			continue
		}
		if !slices.Contains(types, c.row.Exploitation) {
			types = append(types, c.row.Exploitation)
		}
		if !slices.Contains(nats, c.row.Nationality) {
			nats = append(nats, c.row.Nationality)
		}
	}
	rels := []relation{total}
	for _, x := range types {
		if r := byType[x]; len(r) > 0 {
			rels = append(rels, r)
		}
	}
	for _, n := range nats {
		rels = append(rels, byNat[n])
	}
	return rels
}

func migrantRelations(cells []statCell) []relation {
	var byNat, byRoute relation
	for i, c := range cells {
		switch c.row.Table {
		case "migrants_by_nationality":
			byNat = append(byNat, term{i, 1})
		case "migrants_by_route":
			byRoute = append(byRoute, term{i, 1})
		}
	}
	return []relation{byNat, byRoute}
}

// pinned returns the suppressed cells that the relations fix once the
// attacker also uses that no cell counts fewer than zero: a relation whose
// hidden cells sum to zero fixes each of them, though no one of them alone
// is determined by the equations. A cell is free when some solution
// gives it another value than its own; linear programs (maximise, then
// minimise, each cell not yet seen free) find those solutions, and every
// solution found frees all the cells it moves.
func pinned(cells []statCell, rels []relation) []int {
	var cols []int
	col := map[int]int{}
	for i, c := range cells {
		if c.suppressed {
			col[i] = len(cols)
			cols = append(cols, i)
		}
	}
	var a [][]float64
	var b []float64
	for _, r := range rels {
		row := make([]float64, len(cols))
		rhs, any := 0.0, false
		for _, t := range r {
			if k, ok := col[t.Cell]; ok {
				row[k] += t.Coef
				rhs += t.Coef * float64(cells[t.Cell].n)
				any = true
			}
		}
		if any {
			a, b = append(a, row), append(b, rhs)
		}
	}
	free := make([]bool, len(cols))
	var out []int
	for k := range cols {
		for _, dir := range []float64{1, -1} {
			if free[k] {
				break
			}
			c := make([]float64, len(cols))
			c[k] = dir
			x, bounded := lpMax(a, b, c)
			if !bounded {
				free[k] = true
				break
			}
			for i, v := range x {
				if math.Abs(v-float64(cells[cols[i]].n)) > 1e-6 {
					free[i] = true
				}
			}
		}
		if !free[k] {
			out = append(out, cols[k])
		}
	}
	return out
}

// lpMax maximises c.x over a x = b, x >= 0 (a feasible system) by the
// two-phase simplex method with Bland's rule, which cannot cycle. It
// returns an optimal x, or false when c.x has no maximum.
func lpMax(a [][]float64, b, c []float64) ([]float64, bool) {
	const eps = 1e-9
	m, n := len(a), len(c)
	w := n + m + 1 // variables, artificials, right-hand side
	t := make([][]float64, m)
	basis := make([]int, m)
	for i := range a {
		t[i] = make([]float64, w)
		sign := 1.0
		if b[i] < 0 {
			sign = -1
		}
		for j := range n {
			t[i][j] = sign * a[i][j]
		}
		t[i][n+i] = 1
		t[i][w-1] = sign * b[i]
		basis[i] = n + i
	}
	pivot := func(r, j int) {
		p := t[r][j]
		for k := range w {
			t[r][k] /= p
		}
		for i := range m {
			if i != r && t[i][j] != 0 {
				f := t[i][j]
				for k := range w {
					t[i][k] -= f * t[r][k]
				}
			}
		}
		basis[r] = j
	}
	run := func(cost []float64, cols int) bool {
		for {
			enter := -1
			for j := range cols {
				d := cost[j]
				for i := range m {
					d -= cost[basis[i]] * t[i][j]
				}
				if d > eps {
					enter = j
					break
				}
			}
			if enter < 0 {
				return true
			}
			leave := -1
			for i := range m {
				if t[i][enter] <= eps {
					continue
				}
				if leave < 0 {
					leave = i
					continue
				}
				r, best := t[i][w-1]/t[i][enter], t[leave][w-1]/t[leave][enter]
				if r < best-eps || (r <= best+eps && basis[i] < basis[leave]) {
					leave = i
				}
			}
			if leave < 0 {
				return false
			}
			pivot(leave, enter)
		}
	}
	phase1 := make([]float64, w)
	for i := range m {
		phase1[n+i] = -1
	}
	run(phase1, n+m)
	// Artificials left in the basis are at zero: pivot them out, or
	// clear a redundant row, so that phase 2 cannot raise them.
	for i := range m {
		if basis[i] < n {
			continue
		}
		if j := slices.IndexFunc(t[i][:n], func(x float64) bool { return math.Abs(x) > eps }); j >= 0 {
			pivot(i, j)
		} else {
			clear(t[i])
		}
	}
	cost := make([]float64, w)
	copy(cost, c)
	if !run(cost, n) {
		return nil, false
	}
	x := make([]float64, n)
	for i := range m {
		if basis[i] < n {
			x[basis[i]] = t[i][w-1]
		}
	}
	return x, true
}

// CellTerm is a cell of a relation SuppressCells protects, with its
// coefficient: the relation's cells, so weighted, sum to a published
// figure (or to zero, when the figure is itself a cell).
type CellTerm struct {
	Cell int
	Coef float64
}

// SuppressCells applies the statistics' suppression to a table of counts
// laid out by its caller, such as a series (keys by days, with each
// day's total and each key's week): cells counting 1 to Suppression-1
// people are hidden unless open[i] (the viewer owns every record the
// cell counts); then, while a hidden cell is derivable from the relations
// (determined), the smallest shown cell sharing a relation with it is
// hidden too. Cells never hidden to protect another: open ones (the
// viewer knows them), empty ones, and those pinned (pinned[i]: decided
// elsewhere, such as a total shared by several tables). Every hidden cell
// thus counts someone, so knowing that no count is negative pins none of
// them, and the exact derivation determined checks is the only one.
// ok is false when a hidden cell cannot be protected: withhold the table.
func SuppressCells(n []int64, open, pinned []bool, hidden []bool, rels [][]CellTerm) (out []bool, ok bool) {
	cells := make([]statCell, len(n))
	for i, v := range n {
		cells[i] = statCell{n: v, listed: true}
		switch {
		case hidden != nil && hidden[i]:
			cells[i].suppressed = true
		case !open[i] && v > 0 && v < Suppression:
			cells[i].suppressed = !pinned[i]
		}
		cells[i].fixed = open[i] || v == 0 || pinned[i]
	}
	if !slices.ContainsFunc(cells, func(c statCell) bool { return c.suppressed }) {
		// Nothing hidden: nothing to protect.
		return make([]bool, len(n)), true
	}
	rs := make([]relation, len(rels))
	for k, r := range rels {
		rs[k] = r
	}
	g := graphs.Get().(*graph)
	defer graphs.Put(g)
	g.init(cells, rs)
	for {
		det := g.determined(cells, rs)
		if len(det) == 0 {
			break
		}
		next := -1
		for _, j := range det {
			if next = complement(cells, rs, j); next >= 0 {
				break
			}
		}
		if next < 0 {
			return nil, false
		}
		cells[next].suppressed = true
	}
	out = make([]bool, len(n))
	for i, c := range cells {
		out[i] = c.suppressed
	}
	return out, true
}

// graph is determined without elimination, for the relations of a table
// with published margins (a series' days summing to its week, a
// breakdown's keys to the whole): when every cell lies in at most two
// relations, with coefficients of 1 or -1, and the relations can be
// signed so that each cell in two of them enters one with +1 and the
// other with -1, the system restricted to the suppressed cells is the
// incidence matrix of a directed graph (relations are its nodes,
// suppressed cells its edges, a cell in one relation an edge to a ground
// node that has no equation). Its solutions of zero are then the
// circulations, so a suppressed cell is determined exactly when no cycle
// passes through its edge: when it is a bridge. That is the set
// determinedRREF finds, in linear time instead of cubic
// (TestDeterminedBridges compares them). Relations of another shape are
// eliminated.
type graph struct {
	ok   bool
	ends [][2]int // per cell: its relations (-1: none; the second may be ground)
	// scratch, reused between calls
	head, next, to, edge []int
	disc, low            []int
	edges                []int
	isBridge             []bool
	coef                 [][2]float64
	start, fill, stack   []int
	arcs                 []arc
	sign                 []int8
}

// arc joins two relations through a cell; same: the cell enters both
// with the same coefficient.
type arc struct {
	to   int
	same bool
}

// resizeOf returns s with n elements, reallocated only when too small
// (the elements are not cleared).
func resizeOf[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

func newGraph(cells []statCell, rels []relation) *graph {
	g := new(graph)
	g.init(cells, rels)
	return g
}

// graphs keeps graphs for SuppressCells, called hundreds of times a
// request (a year's trends), so that their arrays are reused.
var graphs = sync.Pool{New: func() any { return new(graph) }}

// init lays out the graph of cells and rels, reusing g's arrays.
func (g *graph) init(cells []statCell, rels []relation) {
	g.ok = false
	g.ends = resizeOf(g.ends, len(cells))
	g.coef = resizeOf(g.coef, len(cells))
	coef := g.coef
	for i := range g.ends {
		g.ends[i] = [2]int{-1, -1}
	}
	for k, r := range rels {
		for _, t := range r {
			if t.Coef != 1 && t.Coef != -1 {
				return
			}
			e := &g.ends[t.Cell]
			switch {
			case e[0] < 0:
				e[0], coef[t.Cell][0] = k, t.Coef
			case e[1] < 0 && e[0] != k:
				e[1], coef[t.Cell][1] = k, t.Coef
			default:
				return // in three relations, or twice in one
			}
		}
	}
	// Sign the relations: a cell in relations k and l with coefficients
	// a and b needs sign[k]*a = -sign[l]*b.
	// (Adjacency in one array, by relation.)
	start := resizeOf(g.start, len(rels)+1)
	clear(start)
	g.start = start
	for _, e := range g.ends {
		if e[1] >= 0 {
			start[e[0]+1]++
			start[e[1]+1]++
		}
	}
	for k := range rels {
		start[k+1] += start[k]
	}
	arcs := resizeOf(g.arcs, start[len(rels)])
	g.arcs = arcs
	fill := append(g.fill[:0], start[:len(rels)]...)
	g.fill = fill
	for i, e := range g.ends {
		if e[1] >= 0 {
			same := coef[i][0] != coef[i][1]
			arcs[fill[e[0]]] = arc{e[1], same}
			fill[e[0]]++
			arcs[fill[e[1]]] = arc{e[0], same}
			fill[e[1]]++
		}
	}
	sign := resizeOf(g.sign, len(rels))
	clear(sign)
	g.sign = sign
	stack := g.stack[:0]
	defer func() { g.stack = stack }()
	for k := range rels {
		if sign[k] != 0 {
			continue
		}
		sign[k] = 1
		stack = append(stack[:0], k)
		for len(stack) > 0 {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, a := range arcs[start[u]:start[u+1]] {
				want := sign[u]
				if !a.same {
					want = -want
				}
				switch sign[a.to] {
				case 0:
					sign[a.to] = want
					stack = append(stack, a.to)
				case want:
				default:
					return
				}
			}
		}
	}
	g.ok = true
}

// determined returns the suppressed cells the relations fix.
func (g *graph) determined(cells []statCell, rels []relation) []int {
	if !g.ok {
		return determinedRREF(cells, rels)
	}
	ground := len(rels)
	n := ground + 1
	g.head = resize(g.head, n)
	for i := range g.head {
		g.head[i] = -1
	}
	g.next, g.to, g.edge, g.edges = g.next[:0], g.to[:0], g.edge[:0], g.edges[:0]
	link := func(u, v, e int) {
		g.next = append(g.next, g.head[u])
		g.to = append(g.to, v)
		g.edge = append(g.edge, e)
		g.head[u] = len(g.to) - 1
	}
	for c, e := range g.ends {
		if !cells[c].suppressed || e[0] < 0 {
			continue
		}
		id := len(g.edges)
		g.edges = append(g.edges, c)
		b := e[1]
		if b < 0 {
			b = ground
		}
		link(e[0], b, id)
		link(b, e[0], id)
	}
	// Bridges (Tarjan), iteratively; parallel edges are told apart by
	// their index, so that two cells between the same relations are a
	// cycle.
	g.disc, g.low = resize(g.disc, n), resize(g.low, n)
	for i := range g.disc {
		g.disc[i] = -1
	}
	disc, low := g.disc, g.low
	g.isBridge = resizeOf(g.isBridge, len(g.edges))
	isBridge := g.isBridge
	clear(isBridge)
	timer := 0
	type frame struct{ v, via, arc int }
	var st []frame
	for root := range n {
		if disc[root] >= 0 || g.head[root] < 0 {
			continue
		}
		disc[root], low[root] = timer, timer
		timer++
		st = append(st[:0], frame{root, -1, g.head[root]})
		for len(st) > 0 {
			f := &st[len(st)-1]
			if a := f.arc; a >= 0 {
				f.arc = g.next[a]
				if g.edge[a] == f.via {
					continue
				}
				if w := g.to[a]; disc[w] < 0 {
					disc[w], low[w] = timer, timer
					timer++
					st = append(st, frame{w, g.edge[a], g.head[w]})
				} else {
					low[f.v] = min(low[f.v], disc[w])
				}
				continue
			}
			v, via := f.v, f.via
			st = st[:len(st)-1]
			if len(st) > 0 {
				p := st[len(st)-1].v
				low[p] = min(low[p], low[v])
				if low[v] > disc[p] {
					isBridge[via] = true
				}
			}
		}
	}
	var out []int
	for e, c := range g.edges {
		if isBridge[e] {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}

func resize(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}

package sqlite

import (
	"context"
	"database/sql/driver"
	"sync"
)

// stmtsPerConn bounds the statements a connection keeps prepared. The
// store runs a few hundred distinct statements; those whose text varies
// with their arguments (multi-row inserts) take the least recently used
// places.
const stmtsPerConn = 256

// cachingConnector opens connections that keep the statements they run
// prepared, by their text. database/sql prepares a statement given as
// text, runs it and finalizes it at every call; on the mixed load SQLite's
// parsing and planning (sqlite3Prepare) was 10% of the server's processor
// time (profiled, issue 10). A statement kept is reset after each use and
// re-prepared by SQLite itself when the schema changes.
type cachingConnector struct {
	d   driver.Driver
	dsn string
}

func (c cachingConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.d.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	inner, ok := conn.(innerConn)
	if !ok { // not the driver this was written for: no cache
		return conn, nil
	}
	return &cachingConn{innerConn: inner, stmts: make(map[string]*cachedStmt)}, nil
}

func (c cachingConnector) Driver() driver.Driver { return c.d }

// innerConn is what modernc.org/sqlite's connection offers and
// database/sql uses.
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// innerRows is what the driver's rows offer.
type innerRows interface {
	driver.Rows
	driver.RowsColumnTypeDatabaseTypeName
	driver.RowsColumnTypeLength
	driver.RowsColumnTypeNullable
	driver.RowsColumnTypePrecisionScale
	driver.RowsColumnTypeScanType
}

type cachedStmt struct {
	st   driver.Stmt
	busy bool   // its rows are open: a second use meanwhile prepares anew
	used uint64 // when last used, for eviction
}

// cachingConn is one connection with its prepared statements. database/sql
// uses a connection from one goroutine at a time; the mutex guards the map
// against a Close of rows from another (a cancelled context's).
type cachingConn struct {
	innerConn
	mu    sync.Mutex
	stmts map[string]*cachedStmt
	clock uint64
}

// take returns the statement of query, prepared on this connection and
// marked busy, or nil when it is in use (the caller runs query unprepared).
func (c *cachingConn) take(ctx context.Context, query string) (*cachedStmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clock++
	if cs, ok := c.stmts[query]; ok {
		if cs.busy {
			return nil, nil
		}
		cs.busy, cs.used = true, c.clock
		return cs, nil
	}
	if len(c.stmts) >= stmtsPerConn && !c.evict() {
		return nil, nil
	}
	st, err := c.innerConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	cs := &cachedStmt{st: st, busy: true, used: c.clock}
	c.stmts[query] = cs
	return cs, nil
}

// evict closes the least recently used statement not in use.
func (c *cachingConn) evict() bool {
	var oldest string
	var found *cachedStmt
	for q, cs := range c.stmts {
		if !cs.busy && (found == nil || cs.used < found.used) {
			oldest, found = q, cs
		}
	}
	if found == nil {
		return false
	}
	delete(c.stmts, oldest)
	found.st.Close()
	return true
}

func (c *cachingConn) release(cs *cachedStmt) {
	c.mu.Lock()
	cs.busy = false
	c.mu.Unlock()
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.innerConn.ExecContext(ctx, query, args)
	}
	defer c.release(cs)
	return cs.st.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.innerConn.QueryContext(ctx, query, args)
	}
	rows, err := cs.st.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		c.release(cs)
		return nil, err
	}
	r, ok := rows.(innerRows)
	if !ok {
		rows.Close()
		c.release(cs)
		return c.innerConn.QueryContext(ctx, query, args)
	}
	return &cachedRows{innerRows: r, c: c, cs: cs}, nil
}

func (c *cachingConn) Close() error {
	c.mu.Lock()
	for q, cs := range c.stmts {
		cs.st.Close()
		delete(c.stmts, q)
	}
	c.mu.Unlock()
	return c.innerConn.Close()
}

// cachedRows gives its statement back when closed (reset by the driver).
type cachedRows struct {
	innerRows
	c    *cachingConn
	cs   *cachedStmt
	once sync.Once
}

func (r *cachedRows) Close() error {
	err := r.innerRows.Close()
	r.once.Do(func() { r.c.release(r.cs) })
	return err
}

var (
	_ driver.Connector      = cachingConnector{}
	_ driver.ExecerContext  = (*cachingConn)(nil)
	_ driver.QueryerContext = (*cachingConn)(nil)
	_ innerConn             = (*cachingConn)(nil)
	_ innerRows             = (*cachedRows)(nil)
)

package sqldb

import "log/slog"

func errAttr(err error) slog.Attr         { return slog.String("err", err.Error()) }
func intAttr(k string, v int64) slog.Attr { return slog.Int64(k, v) }

-- portable
-- ffi.load("sqlite3"): open an in-memory database, prepare, bind int64 / text / double, step,
-- read columns, finalize, close.
local ffi = require("ffi")
local t = require("helpers")
ffi.cdef[[
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef int64_t sqlite3_int64;
int sqlite3_open(const char *filename, sqlite3 **ppDb);
int sqlite3_close(sqlite3 *);
int sqlite3_exec(sqlite3 *, const char *sql, void *callback, void *arg, char **errmsg);
int sqlite3_prepare_v2(sqlite3 *db, const char *zSql, int nByte, sqlite3_stmt **ppStmt, const char **pzTail);
int sqlite3_bind_int64(sqlite3_stmt *, int, sqlite3_int64);
int sqlite3_bind_text(sqlite3_stmt *, int, const char *, int, void (*)(void *));
int sqlite3_bind_double(sqlite3_stmt *, int, double);
int sqlite3_step(sqlite3_stmt *);
int sqlite3_reset(sqlite3_stmt *);
sqlite3_int64 sqlite3_column_int64(sqlite3_stmt *, int iCol);
const unsigned char *sqlite3_column_text(sqlite3_stmt *, int iCol);
double sqlite3_column_double(sqlite3_stmt *, int iCol);
int sqlite3_finalize(sqlite3_stmt *pStmt);
const char *sqlite3_errmsg(sqlite3 *);
const char *sqlite3_libversion(void);
]]
local sq = ffi.load("sqlite3")
local SQLITE_OK, SQLITE_ROW, SQLITE_DONE = 0, 100, 101
local pdb = ffi.new("sqlite3 *[1]")
t.eq(sq.sqlite3_open(":memory:", pdb), SQLITE_OK)
local db = pdb[0]
t.ok(db ~= nil)
t.eq(sq.sqlite3_exec(db, "create table t (id integer primary key, name text, score real)", nil, nil, nil), SQLITE_OK)

local stmt = ffi.new("sqlite3_stmt *[1]")
t.eq(sq.sqlite3_prepare_v2(db, "insert into t values (?, ?, ?)", -1, stmt, nil), SQLITE_OK)
local ins = stmt[0]
local rows = { { 5000000000LL, "alpha", 1.5 }, { 7LL, "beta", -2.25 }, { -9000000000LL, "gamma", 1e300 } }
for _, r in ipairs(rows) do
  t.eq(sq.sqlite3_bind_int64(ins, 1, r[1]), SQLITE_OK)
  t.eq(sq.sqlite3_bind_text(ins, 2, r[2], -1, ffi.cast("void (*)(void *)", -1)), SQLITE_OK) -- SQLITE_TRANSIENT
  t.eq(sq.sqlite3_bind_double(ins, 3, r[3]), SQLITE_OK)
  t.eq(sq.sqlite3_step(ins), SQLITE_DONE)
  sq.sqlite3_reset(ins)
end
t.eq(sq.sqlite3_finalize(ins), SQLITE_OK)

t.eq(sq.sqlite3_prepare_v2(db, "select id, name, score from t order by id", -1, stmt, nil), SQLITE_OK)
local sel = stmt[0]
local got = {}
while sq.sqlite3_step(sel) == SQLITE_ROW do
  local id = sq.sqlite3_column_int64(sel, 0)
  local name = ffi.string(sq.sqlite3_column_text(sel, 1))
  local score = sq.sqlite3_column_double(sel, 2)
  got[#got + 1] = tostring(id) .. " " .. name .. " " .. tostring(score)
  print(id, name, score)
end
t.eq(sq.sqlite3_finalize(sel), SQLITE_OK)
t.eq(#got, 3)
t.eq(got[1], "-9000000000LL gamma 1e+300")
t.eq(got[3], "5000000000LL alpha 1.5")
t.eq(sq.sqlite3_prepare_v2(db, "select nope from t", -1, stmt, nil), 1)
t.eq(ffi.string(sq.sqlite3_errmsg(db)), "no such column: nope")
t.eq(sq.sqlite3_close(db), SQLITE_OK)

-- sqlite.lua: a sqlite3 plugin: an in-memory database, 64-bit ids, a row callback.
--   npx fengari-ffi examples/sqlite.lua
local ffi = require("ffi")

ffi.cdef[[
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
int sqlite3_open(const char *filename, sqlite3 **db);
int sqlite3_close(sqlite3 *db);
int sqlite3_exec(sqlite3 *db, const char *sql,
                 int (*callback)(void *arg, int ncols, char **values, char **names),
                 void *arg, char **errmsg);
int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int nbytes, sqlite3_stmt **stmt, const char **tail);
int sqlite3_bind_int64(sqlite3_stmt *stmt, int i, int64_t value);
int sqlite3_bind_text(sqlite3_stmt *stmt, int i, const char *text, int n, void (*destructor)(void *));
int sqlite3_step(sqlite3_stmt *stmt);
int sqlite3_reset(sqlite3_stmt *stmt);
int sqlite3_finalize(sqlite3_stmt *stmt);
int64_t sqlite3_last_insert_rowid(sqlite3 *db);
const char *sqlite3_libversion(void);
]]
local sqlite = ffi.load("sqlite3")
local SQLITE_DONE, SQLITE_TRANSIENT = 101, ffi.cast("void (*)(void *)", -1)

local pdb = ffi.new("sqlite3 *[1]")
assert(sqlite.sqlite3_open(":memory:", pdb) == 0)
local db = pdb[0]
assert(sqlite.sqlite3_exec(db, "create table users (id integer primary key, name text)", nil, nil, nil) == 0)

local stmt = ffi.new("sqlite3_stmt *[1]")
assert(sqlite.sqlite3_prepare_v2(db, "insert into users values (?, ?)", -1, stmt, nil) == 0)
for i, name in ipairs({ "ada", "brian", "dennis" }) do
  sqlite.sqlite3_bind_int64(stmt[0], 1, 5000000000LL + i) -- ids beyond 32 bits
  sqlite.sqlite3_bind_text(stmt[0], 2, name, -1, SQLITE_TRANSIENT)
  assert(sqlite.sqlite3_step(stmt[0]) == SQLITE_DONE)
  sqlite.sqlite3_reset(stmt[0])
end
sqlite.sqlite3_finalize(stmt[0])
print("sqlite " .. ffi.string(sqlite.sqlite3_libversion()) .. ", last id " .. tostring(sqlite.sqlite3_last_insert_rowid(db)))

local row = ffi.cast("int (*)(void *, int, char **, char **)", function(_, ncols, values, names)
  local fields = {}
  for i = 0, ncols - 1 do fields[#fields + 1] = ffi.string(names[i]) .. "=" .. ffi.string(values[i]) end
  print(table.concat(fields, " "))
  return 0
end)
assert(sqlite.sqlite3_exec(db, "select id, name from users order by id", row, nil, nil) == 0)
row:free()
sqlite.sqlite3_close(db)

-- portable
-- sqlite3_exec with a Lua row callback: rows, column names, NULL values, aborting from the
-- callback (SQLITE_ABORT), and the callback's context pointer.
local ffi = require("ffi")
local t = require("helpers")
ffi.cdef[[
typedef struct sqlite3 sqlite3;
int sqlite3_open(const char *filename, sqlite3 **ppDb);
int sqlite3_close(sqlite3 *);
int sqlite3_exec(sqlite3 *, const char *sql, int (*callback)(void *, int, char **, char **), void *arg, char **errmsg);
void sqlite3_free(void *);
]]
local sq = ffi.load("sqlite3")
local SQLITE_OK, SQLITE_ABORT = 0, 4
local pdb = ffi.new("sqlite3 *[1]")
t.eq(sq.sqlite3_open(":memory:", pdb), SQLITE_OK)
local db = pdb[0]
t.eq(sq.sqlite3_exec(db, [[
  create table langs (name text, year integer, note text);
  insert into langs values ('Lua', 1993, null), ('C', 1972, 'K&R'), ('LuaJIT', 2005, 'ffi');
]], nil, nil, nil), SQLITE_OK)

local rows = {}
local tag = ffi.new("int[1]", 1234)
local on_row = ffi.cast("int (*)(void *, int, char **, char **)", function(arg, n, values, names)
  t.eq(ffi.cast("int *", arg)[0], 1234)
  local row = {}
  for i = 0, n - 1 do
    row[ffi.string(names[i])] = values[i] ~= nil and ffi.string(values[i]) or "NULL"
  end
  rows[#rows + 1] = row
  return 0
end)
local errmsg = ffi.new("char *[1]")
t.eq(sq.sqlite3_exec(db, "select name, year, note from langs order by year", on_row, tag, errmsg), SQLITE_OK)
t.eq(#rows, 3)
for _, r in ipairs(rows) do print(r.name, r.year, r.note) end
t.deepeq(rows[1], { name = "C", year = "1972", note = "K&R" })
t.eq(rows[2].note, "NULL")

-- returning non-zero stops the query
local seen = 0
on_row:set(function() seen = seen + 1 return 1 end)
t.eq(sq.sqlite3_exec(db, "select * from langs", on_row, tag, errmsg), SQLITE_ABORT)
t.eq(seen, 1)
print("aborted after", seen, ffi.string(errmsg[0]))
sq.sqlite3_free(errmsg[0])
on_row:free()

-- a plain Lua function works too (an implicit callback); the context pointer may be NULL
local count = 0
t.eq(sq.sqlite3_exec(db, "select 1 union all select 2", function(arg, n)
  t.ok(arg == nil)
  t.eq(n, 1)
  count = count + 1
  return 0
end, nil, nil), SQLITE_OK)
t.eq(count, 2)
t.eq(sq.sqlite3_close(db), SQLITE_OK)

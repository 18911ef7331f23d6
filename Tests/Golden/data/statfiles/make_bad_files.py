"""Damaged copies of the fixtures, made byte by byte (no library), for the errors a bad file
must give: run after make_fixtures.py, from this folder."""
import struct

sav = open("labelled.sav", "rb").read()
dta = open("labelled.dta", "rb").read()

open("bad_truncated.sav", "wb").write(sav[:900])             # ends inside the dictionary
open("bad_truncated.dta", "wb").write(dta[:3000])            # ends inside the data
open("bad_magic.dta", "wb").write(b"id,urban\n1,2\n")       # a CSV under a Stata name
open("bad_empty.sav", "wb").write(b"")                       # zero bytes

# The header of a release-119 file holds K (variables, 4 bytes) and N (observations, 8 bytes)
# between tags; each is raised far beyond what the file holds.
k = dta.index(b"<K>") + 3
open("bad_vars.dta", "wb").write(dta[:k] + struct.pack("<I", 60000) + dta[k + 4:])
n = dta.index(b"<N>") + 3
open("bad_rows.dta", "wb").write(dta[:n] + struct.pack("<Q", 1_000_000_000) + dta[n + 8:])

# The variable urban names the label set "urban0"; the set itself is renamed, so the name
# points nowhere (Stata itself allows this: `label values` may name a set never defined).
v = dta.index(b"<value_labels>")
open("dangling_labels.dta", "wb").write(dta[:v] + dta[v:].replace(b"urban0\x00", b"urbanX\x00", 1))

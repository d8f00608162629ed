// Package racetest holds didstock's concurrency and crash tests. They run the
// real didstock binary (built once in TestMain) as separate processes — two
// replicas sharing one PostgreSQL, or one process on SQLite — drive them over
// real HTTP with many concurrent buyers, kill -9 them mid-work, and then check
// the ordering invariants with SQL directly on the database and through the
// API. The package has no code of its own beyond this comment.
package racetest

//! The seam between the store and its database: one small set of calls
//! (execute, read rows, transactions) that SQLite and PostgreSQL both
//! answer. Every query the store makes is written once, in SQLite's
//! placeholder style (`?1`), and is rewritten for PostgreSQL (`$1`); the
//! few places where the two differ ask [`Db::kind`].
//!
//! Writes are serialised the same way on both: SQLite's write lock
//! (`BEGIN IMMEDIATE`), and on PostgreSQL one transaction-scoped advisory
//! lock taken first by every write transaction, so a write sees every
//! commit before it and nothing commits beside it (no lost update, no
//! serialisation failure to retry). Both wait at most [`super::BUSY_TIMEOUT`].

use std::cell::RefCell;
use std::collections::HashMap;

use super::error::{Result, StoreError};
use super::pg;

/// Which database a store lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A file, through SQLite.
    Sqlite,
    /// A PostgreSQL database.
    Postgres,
}

/// A connection to the store's database.
pub(crate) enum Db {
    Lite(rusqlite::Connection),
    Pg(Box<PgConn>),
}

/// A PostgreSQL connection and its prepared statements.
pub(crate) struct PgConn {
    /// `None` only while being dropped.
    client: RefCell<Option<postgres::Client>>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    /// Whether a transaction is open (every write counts a change).
    in_write: std::cell::Cell<bool>,
}

/// One parameter of a query.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arg<'a> {
    Int(Option<i64>),
    Text(Option<&'a str>),
    Blob(Option<&'a [u8]>),
}

/// A value that can be a query parameter.
pub(crate) trait ToArg {
    /// This value as a parameter.
    fn arg(&self) -> Arg<'_>;
    /// The NULL of this value's type.
    const NULL: Arg<'static>;
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl ToArg for $t {
            fn arg(&self) -> Arg<'_> {
                Arg::Int(Some(i64::from(*self)))
            }
            const NULL: Arg<'static> = Arg::Int(None);
        }
    )*};
}
int_arg!(i64, i32, u32, bool);

impl ToArg for str {
    fn arg(&self) -> Arg<'_> {
        Arg::Text(Some(self))
    }
    const NULL: Arg<'static> = Arg::Text(None);
}

impl ToArg for String {
    fn arg(&self) -> Arg<'_> {
        Arg::Text(Some(self))
    }
    const NULL: Arg<'static> = Arg::Text(None);
}

impl ToArg for [u8] {
    fn arg(&self) -> Arg<'_> {
        Arg::Blob(Some(self))
    }
    const NULL: Arg<'static> = Arg::Blob(None);
}

impl ToArg for Vec<u8> {
    fn arg(&self) -> Arg<'_> {
        Arg::Blob(Some(self))
    }
    const NULL: Arg<'static> = Arg::Blob(None);
}

impl<const N: usize> ToArg for [u8; N] {
    fn arg(&self) -> Arg<'_> {
        Arg::Blob(Some(self))
    }
    const NULL: Arg<'static> = Arg::Blob(None);
}

impl<T: ToArg + ?Sized> ToArg for &T {
    fn arg(&self) -> Arg<'_> {
        (**self).arg()
    }
    const NULL: Arg<'static> = T::NULL;
}

impl<T: ToArg> ToArg for Option<T> {
    fn arg(&self) -> Arg<'_> {
        match self {
            Some(v) => v.arg(),
            None => T::NULL,
        }
    }
    const NULL: Arg<'static> = T::NULL;
}

/// The parameters of a query: `args![a, b]`.
macro_rules! args {
    ($($e:expr),* $(,)?) => {
        &[$($crate::store::db::ToArg::arg(&$e)),*][..]
    };
}
pub(crate) use args;

impl rusqlite::ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            Arg::Int(Some(v)) => ValueRef::Integer(v),
            Arg::Text(Some(v)) => ValueRef::Text(v.as_bytes()),
            Arg::Blob(Some(v)) => ValueRef::Blob(v),
            Arg::Int(None) | Arg::Text(None) | Arg::Blob(None) => ValueRef::Null,
        }))
    }
}

impl postgres::types::ToSql for Arg<'_> {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>>
    {
        match *self {
            Arg::Int(v) => v.to_sql(ty, out),
            Arg::Text(v) => v.to_sql(ty, out),
            Arg::Blob(v) => v.to_sql(ty, out),
        }
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }

    fn to_sql_checked(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>>
    {
        match *self {
            Arg::Int(v) => v.to_sql_checked(ty, out),
            Arg::Text(v) => v.to_sql_checked(ty, out),
            Arg::Blob(v) => v.to_sql_checked(ty, out),
        }
    }
}

/// A column value held on its own (a row copied between stores).
#[derive(Debug, Clone)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
}

impl ToArg for Value {
    fn arg(&self) -> Arg<'_> {
        match self {
            Value::Null => Arg::Int(None),
            Value::Int(v) => Arg::Int(Some(*v)),
            Value::Text(v) => Arg::Text(Some(v)),
            Value::Blob(v) => Arg::Blob(Some(v)),
        }
    }
    const NULL: Arg<'static> = Arg::Int(None);
}

/// One row of a result.
pub(crate) enum DbRow<'a> {
    Lite(&'a rusqlite::Row<'a>),
    Pg(&'a postgres::Row),
}

/// A column value as the store reads it.
pub(crate) trait FromCol: Sized {
    fn from_col(row: &DbRow<'_>, i: usize) -> Result<Self>;
}

impl FromCol for i64 {
    fn from_col(row: &DbRow<'_>, i: usize) -> Result<Self> {
        Option::<i64>::from_col(row, i)?.ok_or_else(|| bad_column(i))
    }
}

impl FromCol for Option<i64> {
    fn from_col(row: &DbRow<'_>, i: usize) -> Result<Self> {
        match row {
            DbRow::Lite(r) => Ok(r.get(i)?),
            DbRow::Pg(r) => {
                use postgres::types::Type;
                let ty = r.columns().get(i).map(|c| c.type_().clone());
                Ok(match ty {
                    Some(Type::INT4) => r.try_get::<_, Option<i32>>(i)?.map(i64::from),
                    Some(Type::INT2) => r.try_get::<_, Option<i16>>(i)?.map(i64::from),
                    Some(Type::BOOL) => r.try_get::<_, Option<bool>>(i)?.map(i64::from),
                    _ => r.try_get::<_, Option<i64>>(i)?,
                })
            }
        }
    }
}

impl FromCol for bool {
    fn from_col(row: &DbRow<'_>, i: usize) -> Result<Self> {
        Ok(i64::from_col(row, i)? != 0)
    }
}

impl FromCol for Option<String> {
    fn from_col(row: &DbRow<'_>, i: usize) -> Result<Self> {
        match row.raw(i)? {
            None => Ok(None),
            Some(b) => String::from_utf8(b.to_vec())
                .map(Some)
                .map_err(|_| bad_column(i)),
        }
    }
}

impl FromCol for String {
    fn from_col(row: &DbRow<'_>, i: usize) -> Result<Self> {
        Option::<String>::from_col(row, i)?.ok_or_else(|| bad_column(i))
    }
}

impl FromCol for Option<Vec<u8>> {
    fn from_col(row: &DbRow<'_>, i: usize) -> Result<Self> {
        Ok(row.raw(i)?.map(<[u8]>::to_vec))
    }
}

impl FromCol for Vec<u8> {
    fn from_col(row: &DbRow<'_>, i: usize) -> Result<Self> {
        Option::<Vec<u8>>::from_col(row, i)?.ok_or_else(|| bad_column(i))
    }
}

fn bad_column(i: usize) -> StoreError {
    StoreError::tampered(format!(
        "a column (number {i}) holds a value of the wrong type"
    ))
}

impl DbRow<'_> {
    /// Column `i` as it is, whatever its type.
    pub(crate) fn value(&self, i: usize) -> Result<Value> {
        match self {
            DbRow::Lite(r) => {
                use rusqlite::types::ValueRef;
                Ok(match r.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(v) => Value::Int(v),
                    ValueRef::Text(b) => {
                        Value::Text(String::from_utf8(b.to_vec()).map_err(|_| bad_column(i))?)
                    }
                    ValueRef::Blob(b) => Value::Blob(b.to_vec()),
                    ValueRef::Real(_) => return Err(bad_column(i)),
                })
            }
            DbRow::Pg(r) => {
                use postgres::types::Type;
                let ty = r.columns().get(i).map(|c| c.type_().clone());
                Ok(match ty {
                    Some(Type::BYTEA) => r
                        .try_get::<_, Option<Vec<u8>>>(i)?
                        .map_or(Value::Null, Value::Blob),
                    Some(Type::TEXT) => r
                        .try_get::<_, Option<String>>(i)?
                        .map_or(Value::Null, Value::Text),
                    _ => self.get::<Option<i64>>(i)?.map_or(Value::Null, Value::Int),
                })
            }
        }
    }

    /// Column `i` as the type the store reads it as.
    pub(crate) fn get<T: FromCol>(&self, i: usize) -> Result<T> {
        T::from_col(self, i)
    }

    /// The bytes of text or blob column `i`; `None` for NULL. Anything
    /// else is the wrong type.
    pub(crate) fn raw(&self, i: usize) -> Result<Option<&[u8]>> {
        match self {
            DbRow::Lite(r) => {
                use rusqlite::types::ValueRef;
                match r.get_ref(i)? {
                    ValueRef::Text(b) | ValueRef::Blob(b) => Ok(Some(b)),
                    ValueRef::Null => Ok(None),
                    _ => Err(bad_column(i)),
                }
            }
            DbRow::Pg(r) => {
                use postgres::types::Type;
                match r.columns().get(i).map(|c| c.type_()) {
                    Some(&Type::BYTEA) => Ok(r.try_get::<_, Option<&[u8]>>(i)?),
                    Some(_) => Ok(r.try_get::<_, Option<&str>>(i)?.map(str::as_bytes)),
                    None => Err(bad_column(i)),
                }
            }
        }
    }
}

/// A transaction: rolled back when dropped uncommitted.
pub(crate) struct Tx<'a> {
    db: &'a Db,
    open: bool,
}

impl std::ops::Deref for Tx<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

impl Tx<'_> {
    /// Commit. On PostgreSQL a write first counts one more change, which
    /// is how other processes learn of it (see [`Db::data_version`]).
    pub(crate) fn commit(mut self) -> Result<()> {
        self.open = false;
        let done = match self.db {
            Db::Lite(c) => c.execute_batch("COMMIT").map_err(StoreError::from),
            Db::Pg(p) => {
                let writing = p.in_write.replace(false);
                let counted = if writing {
                    self.db
                        .execute("UPDATE tokenctl_meta SET changes = changes + 1", &[])
                        .map(|_| ())
                } else {
                    Ok(())
                };
                counted.and_then(|()| Ok(p.client()?.batch_execute("COMMIT")?))
            }
        };
        if done.is_err() {
            self.db.rollback();
        }
        done
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            self.db.rollback();
        }
    }
}

/// The advisory lock every PostgreSQL write transaction takes first ("tkct").
const PG_WRITE_LOCK: i64 = 0x746b_6374;

impl Db {
    /// The SQLite connection, for what only SQLite has.
    pub(crate) fn lite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Db::Lite(c) => Some(c),
            Db::Pg(_) => None,
        }
    }

    pub(crate) fn pg(client: postgres::Client) -> Db {
        Db::Pg(Box::new(PgConn {
            client: RefCell::new(Some(client)),
            statements: RefCell::default(),
            in_write: std::cell::Cell::new(false),
        }))
    }

    fn rollback(&self) {
        match self {
            Db::Lite(c) => {
                let _ = c.execute_batch("ROLLBACK");
            }
            Db::Pg(p) => {
                p.in_write.set(false);
                if let Ok(mut c) = p.client() {
                    let _ = c.batch_execute("ROLLBACK");
                }
            }
        }
    }

    /// Begin a write transaction, holding the store's write lock at once.
    pub(crate) fn begin_write(&self) -> Result<Tx<'_>> {
        match self {
            Db::Lite(c) => c.execute_batch("BEGIN IMMEDIATE")?,
            Db::Pg(p) => {
                p.client()?.batch_execute("BEGIN")?;
                let tx = Tx {
                    db: self,
                    open: true,
                };
                self.execute("SELECT pg_advisory_xact_lock(?1)", args![PG_WRITE_LOCK])?;
                p.in_write.set(true);
                return Ok(tx);
            }
        }
        Ok(Tx {
            db: self,
            open: true,
        })
    }

    /// Begin a read transaction: every read in it sees one snapshot.
    pub(crate) fn begin_read(&self) -> Result<Tx<'_>> {
        match self {
            Db::Lite(c) => c.execute_batch("BEGIN DEFERRED")?,
            Db::Pg(p) => p
                .client()?
                .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?,
        }
        Ok(Tx {
            db: self,
            open: true,
        })
    }

    /// Run statements without parameters (schema changes).
    pub(crate) fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Db::Lite(c) => Ok(c.execute_batch(sql)?),
            Db::Pg(p) => Ok(p.client()?.batch_execute(sql)?),
        }
    }

    /// Run one statement; the number of rows it changed.
    pub(crate) fn execute(&self, sql: &str, args: &[Arg<'_>]) -> Result<usize> {
        match self {
            Db::Lite(c) => Ok(c
                .prepare_cached(sql)?
                .execute(rusqlite::params_from_iter(args))?),
            Db::Pg(p) => {
                let stmt = p.statement(sql)?;
                let params: Vec<&(dyn postgres::types::ToSql + Sync)> = args
                    .iter()
                    .map(|a| a as &(dyn postgres::types::ToSql + Sync))
                    .collect();
                let n = p.client()?.execute(&stmt, &params)?;
                Ok(usize::try_from(n).unwrap_or(usize::MAX))
            }
        }
    }

    /// Hand every row of a query to `each`, streaming (not all held at once).
    pub(crate) fn each(
        &self,
        sql: &str,
        args: &[Arg<'_>],
        mut each: impl FnMut(&DbRow<'_>) -> Result<()>,
    ) -> Result<()> {
        match self {
            Db::Lite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
                while let Some(r) = rows.next()? {
                    each(&DbRow::Lite(r))?;
                }
                Ok(())
            }
            Db::Pg(p) => {
                use postgres::fallible_iterator::FallibleIterator;
                let stmt = p.statement(sql)?;
                let mut client = p.client()?;
                let mut rows = client.query_raw(&stmt, args.iter())?;
                while let Some(r) = rows.next()? {
                    each(&DbRow::Pg(&r))?;
                }
                Ok(())
            }
        }
    }

    /// Every row of a query, mapped.
    pub(crate) fn rows<T>(
        &self,
        sql: &str,
        args: &[Arg<'_>],
        mut map: impl FnMut(&DbRow<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.each(sql, args, |r| {
            out.push(map(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row of a query, mapped, if there is one.
    pub(crate) fn row<T>(
        &self,
        sql: &str,
        args: &[Arg<'_>],
        map: impl FnOnce(&DbRow<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        match self {
            Db::Lite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
                match rows.next()? {
                    Some(r) => map(&DbRow::Lite(r)).map(Some),
                    None => Ok(None),
                }
            }
            Db::Pg(p) => {
                use postgres::fallible_iterator::FallibleIterator;
                let stmt = p.statement(sql)?;
                let mut client = p.client()?;
                let first = client.query_raw(&stmt, args.iter())?.next()?;
                drop(client);
                match first {
                    Some(r) => map(&DbRow::Pg(&r)).map(Some),
                    None => Ok(None),
                }
            }
        }
    }

    /// Insert `rows` (each one value per column of `columns`) into
    /// `table`, many rows a statement.
    pub(crate) fn insert_rows(
        &self,
        table: &str,
        columns: &[&str],
        rows: &[Vec<Value>],
    ) -> Result<()> {
        if rows.iter().any(|r| r.len() != columns.len()) {
            return Err(StoreError::Io(format!("a {table} row of the wrong width")));
        }
        let args: Vec<Arg<'_>> = rows.iter().flatten().map(ToArg::arg).collect();
        self.insert_many(table, columns, &args).map(|_| ())
    }

    /// Insert rows given as their values end to end (`columns.len()` a
    /// row), a few hundred rows a statement: one round trip for many rows
    /// to a database server. Returns the rows inserted.
    pub(crate) fn insert_many(
        &self,
        table: &str,
        columns: &[&str],
        args: &[Arg<'_>],
    ) -> Result<usize> {
        const ROWS_A_STATEMENT: usize = 256;
        let width = columns.len().max(1);
        let mut inserted = 0;
        for chunk in args.chunks(ROWS_A_STATEMENT * width) {
            let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
            for row in 0..chunk.len() / width {
                sql.push_str(if row == 0 { "(" } else { ", (" });
                for col in 0..width {
                    let n = row * width + col + 1;
                    sql.push_str(&format!("{}?{n}", if col == 0 { "" } else { ", " }));
                }
                sql.push(')');
            }
            inserted += self.execute(&sql, chunk)?;
        }
        Ok(inserted)
    }

    /// On a database server: stream rows into `table` with one `COPY`
    /// (binary), the fastest bulk write PostgreSQL has; `types` are the
    /// columns' types. SQLite inserts them a statement a row. Returns the
    /// rows written.
    pub(crate) fn copy_in(
        &self,
        table: &str,
        columns: &[(&str, ColumnType)],
        args: &[Arg<'_>],
    ) -> Result<usize> {
        let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
        let Db::Pg(p) = self else {
            return self.insert_many(table, &names, args);
        };
        use postgres::types::Type;
        let types: Vec<Type> = columns
            .iter()
            .map(|(_, t)| match t {
                ColumnType::Int => Type::INT8,
                ColumnType::Text => Type::TEXT,
                ColumnType::Blob => Type::BYTEA,
            })
            .collect();
        let width = columns.len().max(1);
        let mut client = p.client()?;
        let sink = client.copy_in(&format!(
            "COPY {table} ({}) FROM STDIN BINARY",
            names.join(", ")
        ))?;
        let mut writer = postgres::binary_copy::BinaryCopyInWriter::new(sink, &types);
        for row in args.chunks(width) {
            writer.write_raw(row.iter())?;
        }
        let n = writer.finish()?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    /// The one value of a query that always returns a row (a count).
    pub(crate) fn value<T: FromCol>(&self, sql: &str, args: &[Arg<'_>]) -> Result<T> {
        self.row(sql, args, |r| r.get(0))?
            .ok_or_else(|| StoreError::Io(format!("no row from: {}", first_words(sql))))
    }

    /// A list of values, in the form `list_sql` reads: a JSON array.
    pub(crate) fn in_list(&self, param: usize, of: ListOf) -> String {
        match (self, of) {
            (Db::Lite(_), _) => format!("IN (SELECT value FROM json_each(?{param}))"),
            (Db::Pg(_), ListOf::Int) => format!(
                "IN (SELECT v::bigint FROM json_array_elements_text(CAST(?{param} AS text)::json) AS t(v))"
            ),
            (Db::Pg(_), ListOf::Text) => format!(
                "IN (SELECT v FROM json_array_elements_text(CAST(?{param} AS text)::json) AS t(v))"
            ),
        }
    }

    /// A counter that changes whenever any connection, of any process,
    /// commits a change: SQLite's `data_version`, or the change count
    /// every PostgreSQL write adds to.
    pub(crate) fn data_version(&self) -> Result<i64> {
        match self {
            Db::Lite(c) => Ok(c
                .prepare_cached("PRAGMA data_version")?
                .query_row([], |r| r.get(0))?),
            Db::Pg(_) => self.value("SELECT changes FROM tokenctl_meta", &[]),
        }
    }
}

/// A column's type, for [`Db::copy_in`].
#[derive(Clone, Copy)]
pub(crate) enum ColumnType {
    Int,
    Text,
    Blob,
}

/// What a JSON list of [`Db::in_list`] holds.
#[derive(Clone, Copy)]
pub(crate) enum ListOf {
    Int,
    Text,
}

fn first_words(sql: &str) -> String {
    sql.split_whitespace().take(6).collect::<Vec<_>>().join(" ")
}

impl Drop for PgConn {
    /// The client says goodbye to the server by blocking on a runtime of
    /// its own, which cannot start inside another's: inside `serve`, it is
    /// dropped on a thread of its own.
    fn drop(&mut self) {
        let Some(client) = self.client.get_mut().take() else {
            return;
        };
        if tokio::runtime::Handle::try_current().is_ok() {
            let _ = std::thread::spawn(move || drop(client)).join();
        }
    }
}

impl PgConn {
    /// The client; a query started while another one's rows are still
    /// being read is an error (the store never nests them).
    fn client(&self) -> Result<std::cell::RefMut<'_, postgres::Client>> {
        let client = self
            .client
            .try_borrow_mut()
            .map_err(|_| StoreError::Io("a query was started inside another".into()))?;
        std::cell::RefMut::filter_map(client, Option::as_mut)
            .map_err(|_| StoreError::Io("the database connection is closed".into()))
    }

    /// The prepared statement for `sql` (SQLite style), prepared once.
    fn statement(&self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.client()?.prepare(&pg::placeholders(sql))?;
        self.statements
            .borrow_mut()
            .insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }
}

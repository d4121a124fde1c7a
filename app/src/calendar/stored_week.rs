//! Weeks are stored as their ISO text ("2026-W48"), which also sorts in week order;
//! a stored value that is not a week is an error, never a made-up week. The same on
//! SQLite and PostgreSQL.

use super::IsoWeek;
use sqlx::{
    encode::IsNull, error::BoxDynError, sqlite::SqliteArgumentValue, Decode, Encode, Sqlite, Type,
};

impl Type<Sqlite> for IsoWeek {
    fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &sqlx::sqlite::SqliteTypeInfo) -> bool {
        <String as Type<Sqlite>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Sqlite> for IsoWeek {
    fn decode(value: sqlx::sqlite::SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<Sqlite>>::decode(value)?;
        IsoWeek::parse(text).ok_or_else(|| format!("not an ISO week: {text:?}").into())
    }
}

impl<'q> Encode<'q, Sqlite> for IsoWeek {
    fn encode_by_ref(&self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        <String as Encode<Sqlite>>::encode(self.to_string(), buf)
    }
}

use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef, Postgres};

impl Type<Postgres> for IsoWeek {
    fn type_info() -> PgTypeInfo {
        <String as Type<Postgres>>::type_info()
    }

    fn compatible(ty: &PgTypeInfo) -> bool {
        <String as Type<Postgres>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Postgres> for IsoWeek {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<Postgres>>::decode(value)?;
        IsoWeek::parse(text).ok_or_else(|| format!("not an ISO week: {text:?}").into())
    }
}

impl Encode<'_, Postgres> for IsoWeek {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <String as Encode<Postgres>>::encode(self.to_string(), buf)
    }
}

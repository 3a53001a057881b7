using System.Collections.Generic;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Ledger;
using Microsoft.Data.Sqlite;
using static Loyalty.Sdk.Storage.Sqlite.SqliteDialect;

namespace Loyalty.Sdk.Storage.Sqlite;

/// <summary>Reads the SQLite rows of accounts, lots, records and entries into their types (the store's reads and its commit share them).</summary>
internal static class SqliteRows
{
    internal static RewardStock? ReadStock(SqliteSession session, SqliteTransaction? transaction, ProgramId programId, string rewardId)
    {
        var select = session.Command(SelectStock);
        select.Transaction = transaction;
        select.Set("$p", programId.Value);
        select.Set("$r", rewardId);
        using var reader = select.ExecuteReader();
        return reader.Read() ? new RewardStock(rewardId, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)) : null;
    }

    internal static List<RewardClaim> ReadClaims(SqliteCommand command, ProgramId programId, MemberId memberId)
    {
        var claims = new List<RewardClaim>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var member = reader.FieldCount > 2 ? MemberId.From(reader.GetString(2)) : memberId;
            claims.Add(LedgerStorageFormat.ReadClaim(programId, member, IdempotencyKey.From(reader.GetString(0)), reader.GetString(1)));
        }

        return claims;
    }

    internal static IdempotencyRecord? ReadIdempotency(SqliteSession session, SqliteTransaction? transaction, ProgramId programId, MemberId memberId, IdempotencyKey key)
    {
        var command = session.Command(SelectIdempotency);
        command.Transaction = transaction;
        command.Set("$p", programId.Value);
        command.Set("$m", memberId.Value);
        command.Set("$k", key.Value);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new IdempotencyRecord
        {
            ProgramId = programId,
            Key = key,
            MemberId = MemberId.From(reader.GetString(0)),
            Fingerprint = ToFingerprint((byte[])reader.GetValue(1)),
            FirstSequence = reader.GetInt64(2),
            LastSequence = reader.GetInt64(3),
            Version = reader.GetInt64(4),
            Balance = new AccountBalance(
                ToInstant(reader.GetInt64(5)),
                Points.FromInt64(reader.GetInt64(6)),
                Points.FromInt64(reader.GetInt64(7)),
                Points.FromInt64(reader.GetInt64(8)),
                Points.FromInt64(reader.GetInt64(9))),
            RecordedAt = ToInstant(reader.GetInt64(10)),
        };
    }

    internal static AccountState ReadAccount(SqliteSession session, SqliteTransaction transaction, ProgramId programId, MemberId memberId)
    {
        AccountState state;
        using (var reader = Command(session, transaction, SelectAccount, programId, memberId).ExecuteReader())
        {
            if (!reader.Read())
            {
                return AccountState.Empty(programId, memberId);
            }

            state = ReadState(reader, 0, programId, memberId);
        }

        return state with { OpenLots = ReadLots(session, transaction, SelectOpenLots, programId, memberId) };
    }

    internal static AccountState ReadState(SqliteDataReader reader, int first, ProgramId programId, MemberId memberId) => new()
    {
        ProgramId = programId,
        MemberId = memberId,
        Version = reader.GetInt64(first),
        LastSequence = reader.GetInt64(first + 1),
        Debt = Points.FromInt64(reader.GetInt64(first + 2)),
        LastRecordedAt = ToNullableInstant(reader, first + 3),
        LastActivityAt = ToNullableInstant(reader, first + 4),
        NextDueAt = ToNullableInstant(reader, first + 5),
        Counters = LedgerStorageFormat.ReadCounters(reader.GetString(first + 6)),
        Tier = LedgerStorageFormat.ReadTier(reader.GetString(first + 7)),
        Profile = LedgerStorageFormat.ReadProfile(reader.GetString(first + 8)),
    };

    internal static List<Lot> ReadLots(SqliteSession session, SqliteTransaction? transaction, string sql, ProgramId programId, MemberId memberId)
    {
        var lots = new List<Lot>();
        using var reader = Command(session, transaction, sql, programId, memberId).ExecuteReader();
        while (reader.Read())
        {
            lots.Add(ReadLot(reader, programId, memberId));
        }

        return lots;
    }

    internal static Lot ReadLot(SqliteDataReader reader, ProgramId programId, MemberId memberId) => new()
    {
        ProgramId = programId,
        MemberId = memberId,
        Id = reader.GetInt64(0),
        Points = Points.FromInt64(reader.GetInt64(1)),
        Remaining = Points.FromInt64(reader.GetInt64(2)),
        CreatedAt = ToInstant(reader.GetInt64(3)),
        AvailableAt = ToInstant(reader.GetInt64(4)),
        ExpiresAt = ToNullableInstant(reader, 5),
        OrderId = ToNullableString(reader, 6),
    };

    internal static OrderAccrual? ReadAccrual(SqliteSession session, SqliteTransaction transaction, ProgramId programId, MemberId memberId, string orderId)
    {
        var command = Command(session, transaction, SelectAccrual, programId, memberId);
        command.Set("$o", orderId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new OrderAccrual
        {
            ProgramId = programId,
            MemberId = memberId,
            OrderId = orderId,
            EarnSequence = reader.GetInt64(0),
            LotId = reader.IsDBNull(1) ? null : reader.GetInt64(1),
            OrderedAt = ToInstant(reader.GetInt64(2)),
            Currency = CurrencyCode.Parse(reader.GetString(3)),
            ExchangeRate = ToDecimal(reader.GetString(4)),
            TotalPoints = Points.FromInt64(reader.GetInt64(5)),
            ReversedPoints = Points.FromInt64(reader.GetInt64(6)),
            Lines = LedgerStorageFormat.ReadAccrualLines(reader.GetString(7)),
        };
    }

    internal static RedemptionRecord? ReadRedemption(SqliteSession session, SqliteTransaction transaction, ProgramId programId, MemberId memberId, IdempotencyKey key)
    {
        var command = Command(session, transaction, SelectRedemption, programId, memberId);
        command.Set("$k", key.Value);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new RedemptionRecord
        {
            ProgramId = programId,
            MemberId = memberId,
            Key = key,
            Sequence = reader.GetInt64(0),
            OrderId = ToNullableString(reader, 1),
            At = ToInstant(reader.GetInt64(2)),
            Points = Points.FromInt64(reader.GetInt64(3)),
            RefundedPoints = Points.FromInt64(reader.GetInt64(4)),
            Allocations = ToAllocations(reader.GetString(5)),
        };
    }

    internal static List<LedgerEntry> ReadEntries(SqliteCommand command, ProgramId programId, MemberId memberId)
    {
        var entries = new List<LedgerEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new LedgerEntry
            {
                ProgramId = programId,
                MemberId = memberId,
                Sequence = reader.GetInt64(0),
                Kind = (LedgerEntryKind)reader.GetInt32(1),
                Amount = Points.FromInt64(reader.GetInt64(2)),
                At = ToInstant(reader.GetInt64(3)),
                RecordedAt = ToInstant(reader.GetInt64(4)),
                CommandKey = IdempotencyKey.From(reader.GetString(5)),
                OrderId = ToNullableString(reader, 6),
                ActivityType = ToNullableString(reader, 7),
                RedemptionKey = reader.IsDBNull(8) ? null : IdempotencyKey.From(reader.GetString(8)),
                Reason = ToNullableString(reader, 9),
                Movements = ToMovements(reader.GetString(10)),
                DebtChange = Points.FromInt64(reader.GetInt64(11)),
                WrittenOff = Points.FromInt64(reader.GetInt64(12)),
                Tier = ToNullableString(reader, 13),
                Qualifying = LedgerStorageFormat.ReadQualifying(ToNullableString(reader, 14)),
            });
        }

        return entries;
    }

    internal static SqliteCommand Command(SqliteSession session, SqliteTransaction? transaction, string sql, ProgramId programId, MemberId memberId)
    {
        var command = session.Command(sql);
        command.Transaction = transaction;
        command.Set("$p", programId.Value);
        command.Set("$m", memberId.Value);
        return command;
    }
}

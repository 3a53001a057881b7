using System.Buffers.Binary;
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

    private static readonly string[] MemberParameters = ["$p", "$m"];
    private static readonly string[] KeyParameters = ["$p", "$m", "$k"];
    private static readonly string[] OrderParameters = ["$p", "$m", "$o"];
    private static readonly string[] LotParameters = ["$p", "$m", "$id"];

    /// <summary>The parameters of <see cref="SqliteDialect.SelectAccountsPage"/>.</summary>
    internal static readonly string[] PageParameters = ["$p", "$after", "$limit"];

    /// <summary>The parameters of <see cref="SqliteDialect.SelectDueAccounts"/>.</summary>
    internal static readonly string[] DuePageParameters = ["$p", "$due", "$after", "$limit"];

    /// <summary>The parameters of <see cref="SqliteDialect.SelectClaimable"/>.</summary>
    internal static readonly string[] ClaimableParameters = ["$p", "$due", "$now", "$limit"];

    internal static IdempotencyRecord? ReadIdempotency(SqliteSession session, ProgramId programId, MemberId memberId, IdempotencyKey key)
    {
        var select = session.Statement(SelectIdempotency, KeyParameters).Bind(1, programId.Value).Bind(2, memberId.Value).Bind(3, key.Value);
        if (!select.Read())
        {
            return null;
        }

        var record = new IdempotencyRecord
        {
            ProgramId = programId,
            Key = key,
            MemberId = MemberId.From(select.Text(0)),
            Fingerprint = BinaryPrimitives.ReadUInt128LittleEndian(select.Blob(1)),
            FirstSequence = select.Int64(2),
            LastSequence = select.Int64(3),
            Version = select.Int64(4),
            Balance = new AccountBalance(
                ToInstant(select.Int64(5)),
                Points.FromInt64(select.Int64(6)),
                Points.FromInt64(select.Int64(7)),
                Points.FromInt64(select.Int64(8)),
                Points.FromInt64(select.Int64(9))),
            RecordedAt = ToInstant(select.Int64(10)),
        };
        select.Reset();
        return record;
    }

    internal static AccountState ReadAccount(SqliteSession session, ProgramId programId, MemberId memberId)
    {
        var select = session.Statement(SelectAccount, MemberParameters).Bind(1, programId.Value).Bind(2, memberId.Value);
        if (!select.Read())
        {
            return AccountState.Empty(programId, memberId);
        }

        var state = ReadState(select, 0, programId, memberId);
        select.Reset();
        return state with { OpenLots = ReadLots(session, SelectOpenLots, programId, memberId) };
    }

    /// <summary>Reads the account columns of the current row, starting at column <paramref name="first"/>.</summary>
    internal static AccountState ReadState(SqliteStatement row, int first, ProgramId programId, MemberId memberId) => new()
    {
        ProgramId = programId,
        MemberId = memberId,
        Version = row.Int64(first),
        LastSequence = row.Int64(first + 1),
        Debt = Points.FromInt64(row.Int64(first + 2)),
        LastRecordedAt = ToNullableInstant(row.NullableInt64(first + 3)),
        LastActivityAt = ToNullableInstant(row.NullableInt64(first + 4)),
        NextDueAt = ToNullableInstant(row.NullableInt64(first + 5)),
        Counters = LedgerStorageFormat.ReadCounters(row.Text(first + 6)),
        Tier = LedgerStorageFormat.ReadTier(row.Text(first + 7)),
        Profile = LedgerStorageFormat.ReadProfile(row.Text(first + 8)),
    };

    /// <summary>Reads the accounts a page query returns (member id first), then each one's open lots.</summary>
    internal static List<AccountState> ReadStates(SqliteStatement page, ProgramId programId, SqliteSession session)
    {
        var states = new List<AccountState>();
        while (page.Read())
        {
            states.Add(ReadState(page, 1, programId, MemberId.From(page.Text(0))));
        }

        for (var i = 0; i < states.Count; i++)
        {
            states[i] = states[i] with { OpenLots = ReadLots(session, SelectOpenLots, programId, states[i].MemberId) };
        }

        return states;
    }

    internal static List<Lot> ReadLots(SqliteSession session, string sql, ProgramId programId, MemberId memberId)
    {
        var lots = new List<Lot>();
        var select = session.Statement(sql, MemberParameters).Bind(1, programId.Value).Bind(2, memberId.Value);
        while (select.Read())
        {
            lots.Add(ReadLot(select, programId, memberId));
        }

        return lots;
    }

    internal static Lot? ReadLot(SqliteSession session, ProgramId programId, MemberId memberId, long id)
    {
        var select = session.Statement(SelectLot, LotParameters).Bind(1, programId.Value).Bind(2, memberId.Value).Bind(3, id);
        if (!select.Read())
        {
            return null;
        }

        var lot = ReadLot(select, programId, memberId);
        select.Reset();
        return lot;
    }

    private static Lot ReadLot(SqliteStatement row, ProgramId programId, MemberId memberId) => new()
    {
        ProgramId = programId,
        MemberId = memberId,
        Id = row.Int64(0),
        Points = Points.FromInt64(row.Int64(1)),
        Remaining = Points.FromInt64(row.Int64(2)),
        CreatedAt = ToInstant(row.Int64(3)),
        AvailableAt = ToInstant(row.Int64(4)),
        ExpiresAt = ToNullableInstant(row.NullableInt64(5)),
        OrderId = row.NullableText(6),
    };

    internal static OrderAccrual? ReadAccrual(SqliteSession session, ProgramId programId, MemberId memberId, string orderId)
    {
        var select = session.Statement(SelectAccrual, OrderParameters).Bind(1, programId.Value).Bind(2, memberId.Value).Bind(3, orderId);
        if (!select.Read())
        {
            return null;
        }

        var accrual = new OrderAccrual
        {
            ProgramId = programId,
            MemberId = memberId,
            OrderId = orderId,
            EarnSequence = select.Int64(0),
            LotId = select.NullableInt64(1),
            OrderedAt = ToInstant(select.Int64(2)),
            Currency = CurrencyCode.Parse(select.Text(3)),
            ExchangeRate = ToDecimal(select.Text(4)),
            TotalPoints = Points.FromInt64(select.Int64(5)),
            ReversedPoints = Points.FromInt64(select.Int64(6)),
            Lines = LedgerStorageFormat.ReadAccrualLines(select.Text(7)),
        };
        select.Reset();
        return accrual;
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

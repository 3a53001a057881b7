using System.Buffers.Binary;
using System.Collections.Generic;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Ledger;
using Microsoft.Data.Sqlite;
using NodaTime;
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

    private static readonly string[] MemberParameters = ["$g", "$m"];
    private static readonly string[] AccountParameters = ["$a"];
    private static readonly string[] KeyParameters = ["$a", "$k"];
    private static readonly string[] OrderParameters = ["$a", "$o"];
    private static readonly string[] LotParameters = ["$a", "$id"];

    /// <summary>The parameters of <see cref="SqliteDialect.SelectAccountsPage"/>.</summary>
    internal static readonly string[] PageParameters = ["$g", "$after", "$limit"];

    /// <summary>The parameters of <see cref="SqliteDialect.SelectDueAccounts"/>.</summary>
    internal static readonly string[] DuePageParameters = ["$g", "$due", "$after", "$limit"];

    /// <summary>The parameters of <see cref="SqliteDialect.SelectClaimable"/>.</summary>
    internal static readonly string[] ClaimableParameters = ["$g", "$due", "$now", "$limit"];

    /// <summary>The parameters of <see cref="SqliteDialect.SelectEntriesBySequence"/>.</summary>
    internal static readonly string[] SequenceRangeParameters = ["$a", "$from", "$to"];

    /// <summary>The parameters of <see cref="SqliteDialect.SelectEntriesUpTo"/>.</summary>
    internal static readonly string[] UpToParameters = ["$a", "$upTo"];

    /// <summary>The member's account number, or null when the member has no account (nothing of theirs is stored).</summary>
    internal static long? FindAccount(SqliteSession session, ProgramId programId, MemberId memberId)
    {
        if (session.FindProgram(programId) is not { } program)
        {
            return null;
        }

        var select = session.Statement(SelectAccountId, MemberParameters).Bind(1, program).Bind(2, memberId.Value);
        if (!select.Read())
        {
            return null;
        }

        var account = select.Int64(0);
        select.Reset();
        return account;
    }

    internal static IdempotencyRecord? ReadIdempotency(SqliteSession session, long account, ProgramId programId, MemberId memberId, IdempotencyKey key)
    {
        var select = session.Statement(SelectIdempotency, KeyParameters).Bind(1, account).Bind(2, key.Value);
        if (!select.Read())
        {
            return null;
        }

        var recordedAt = ToInstant(select.Int64(9));
        var record = new IdempotencyRecord
        {
            ProgramId = programId,
            Key = key,
            MemberId = memberId,
            Fingerprint = BinaryPrimitives.ReadUInt128LittleEndian(select.Blob(0)),
            FirstSequence = select.Int64(1),
            LastSequence = select.Int64(2),
            Version = select.Int64(3),
            Balance = new AccountBalance(
                InstantOr(select, 4, recordedAt),
                Points.FromInt64(select.Int64(5)),
                Points.FromInt64(select.Int64(6)),
                Points.FromInt64(select.Int64(7)),
                Points.FromInt64(select.Int64(8))),
            RecordedAt = recordedAt,
        };
        select.Reset();
        return record;
    }

    /// <summary>The member's account with its open lots, and its number (0 when it has none yet).</summary>
    internal static (AccountState State, long Account) ReadAccount(SqliteSession session, ProgramId programId, MemberId memberId)
    {
        if (session.FindProgram(programId) is not { } program)
        {
            return (AccountState.Empty(programId, memberId), 0);
        }

        var select = session.Statement(SelectAccount, MemberParameters).Bind(1, program).Bind(2, memberId.Value);
        if (!select.Read())
        {
            return (AccountState.Empty(programId, memberId), 0);
        }

        var account = select.Int64(0);
        var state = ReadState(select, 1, programId, memberId);
        select.Reset();
        return (state with { OpenLots = ReadLots(session, SelectOpenLots, programId, memberId, account) }, account);
    }

    /// <summary>Reads the account columns of the current row, starting at column <paramref name="first"/> (the version).</summary>
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

    /// <summary>Reads the accounts a page query returns (member id, number, then the account), then each one's open lots.</summary>
    internal static List<(AccountState State, long Account)> ReadStates(SqliteStatement page, ProgramId programId, SqliteSession session)
    {
        var states = new List<(AccountState State, long Account)>();
        while (page.Read())
        {
            states.Add((ReadState(page, 2, programId, MemberId.From(page.Text(0))), page.Int64(1)));
        }

        for (var i = 0; i < states.Count; i++)
        {
            var (state, account) = states[i];
            states[i] = (state with { OpenLots = ReadLots(session, SelectOpenLots, programId, state.MemberId, account) }, account);
        }

        return states;
    }

    internal static List<Lot> ReadLots(SqliteSession session, string sql, ProgramId programId, MemberId memberId, long account)
    {
        var lots = new List<Lot>();
        var select = session.Statement(sql, AccountParameters).Bind(1, account);
        while (select.Read())
        {
            lots.Add(ReadLot(select, programId, memberId));
        }

        return lots;
    }

    internal static Lot? ReadLot(SqliteSession session, ProgramId programId, MemberId memberId, long account, long id)
    {
        var select = session.Statement(SelectLot, LotParameters).Bind(1, account).Bind(2, id);
        if (!select.Read())
        {
            return null;
        }

        var lot = ReadLot(select, programId, memberId);
        select.Reset();
        return lot;
    }

    private static Lot ReadLot(SqliteStatement row, ProgramId programId, MemberId memberId)
    {
        var createdAt = ToInstant(row.Int64(3));
        return new()
        {
            ProgramId = programId,
            MemberId = memberId,
            Id = row.Int64(0),
            Points = Points.FromInt64(row.Int64(1)),
            Remaining = Points.FromInt64(row.Int64(2)),
            CreatedAt = createdAt,
            AvailableAt = InstantOr(row, 4, createdAt),
            ExpiresAt = ToNullableInstant(row.NullableInt64(5)),
            OrderId = row.NullableText(6),
        };
    }

    internal static OrderAccrual? ReadAccrual(SqliteSession session, long account, ProgramId programId, MemberId memberId, string orderId)
    {
        var select = session.Statement(SelectAccrual, OrderParameters).Bind(1, account).Bind(2, orderId);
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

    internal static RedemptionRecord? ReadRedemption(SqliteSession session, long account, ProgramId programId, MemberId memberId, IdempotencyKey key)
    {
        var select = session.Statement(SelectRedemption, KeyParameters).Bind(1, account).Bind(2, key.Value);
        if (!select.Read())
        {
            return null;
        }

        var redemption = new RedemptionRecord
        {
            ProgramId = programId,
            MemberId = memberId,
            Key = key,
            Sequence = select.Int64(0),
            OrderId = select.NullableText(1),
            At = ToInstant(select.Int64(2)),
            Points = Points.FromInt64(select.Int64(3)),
            RefundedPoints = Points.FromInt64(select.Int64(4)),
            Allocations = ToAllocations(select.Text(5)),
        };
        select.Reset();
        return redemption;
    }

    /// <summary>Reads the entries an entries statement (bound by the caller) returns.</summary>
    internal static List<LedgerEntry> ReadEntries(SqliteStatement select, ProgramId programId, MemberId memberId)
    {
        var entries = new List<LedgerEntry>();
        while (select.Read())
        {
            var at = ToInstant(select.Int64(3));
            entries.Add(new LedgerEntry
            {
                ProgramId = programId,
                MemberId = memberId,
                Sequence = select.Int64(0),
                Kind = (LedgerEntryKind)select.Int64(1),
                Amount = Points.FromInt64(select.Int64(2)),
                At = at,
                RecordedAt = InstantOr(select, 4, at),
                CommandKey = IdempotencyKey.From(select.Text(5)),
                OrderId = select.NullableText(6),
                ActivityType = select.NullableText(7),
                RedemptionKey = select.IsNull(8) ? null : IdempotencyKey.From(select.Text(8)),
                Reason = select.NullableText(9),
                Movements = ToMovements(select.Text(10)),
                DebtChange = Points.FromInt64(select.Int64(11)),
                WrittenOff = Points.FromInt64(select.Int64(12)),
                Tier = select.NullableText(13),
                Qualifying = LedgerStorageFormat.ReadQualifying(select.NullableText(14)),
            });
        }

        return entries;
    }

    /// <summary>An instant stored as NULL when it equals <paramref name="usual"/> (see SqliteRowWriters.UnlessEqual).</summary>
    private static Instant InstantOr(SqliteStatement row, int column, Instant usual) => row.IsNull(column) ? usual : ToInstant(row.Int64(column));

    internal static SqliteCommand Command(SqliteSession session, SqliteTransaction? transaction, string sql, ProgramId programId, MemberId memberId)
    {
        var command = session.Command(sql);
        command.Transaction = transaction;
        command.Set("$p", programId.Value);
        command.Set("$m", memberId.Value);
        return command;
    }
}

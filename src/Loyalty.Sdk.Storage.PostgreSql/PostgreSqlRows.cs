using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Data;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Ledger;
using NodaTime;
using Npgsql;
using static Loyalty.Sdk.Storage.PostgreSql.PostgreSqlDialect;

namespace Loyalty.Sdk.Storage.PostgreSql;

/// <summary>Reads PostgreSQL rows of accounts, lots, records, claims and entries into their types, and binds parameters.</summary>
internal static class PostgreSqlRows
{
    internal static async Task<List<RewardClaim>> ReadClaimRowsAsync(NpgsqlDataReader reader, ProgramId programId, CancellationToken cancellationToken)
    {
        var claims = new List<RewardClaim>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claims.Add(LedgerStorageFormat.ReadClaim(programId, MemberId.From(reader.GetString(2)), IdempotencyKey.From(reader.GetString(0)), reader.GetString(1)));
        }

        return claims;
    }

    internal static async Task<RewardStock?> ReadStockRowAsync(NpgsqlDataReader reader, string rewardId, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new RewardStock(rewardId, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)) : null;

    internal static async Task AttachOpenLotsAsync(List<AccountState> accounts, NpgsqlConnection connection, NpgsqlTransaction transaction, ProgramId programId, CancellationToken cancellationToken)
    {
        if (accounts.Count == 0)
        {
            return;
        }

        var lots = new Dictionary<string, List<Lot>>(StringComparer.Ordinal);
        var command = new NpgsqlCommand(SelectOpenLotsOfMembers, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            AddParameters(command, programId.Value, accounts.Select(s => s.MemberId.Value).ToArray());
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var member = reader.GetString(0);
                    if (!lots.TryGetValue(member, out var list))
                    {
                        lots[member] = list = new List<Lot>();
                    }

                    list.Add(ReadLot(reader, 1, programId, MemberId.From(member)));
                }
            }
        }

        for (var i = 0; i < accounts.Count; i++)
        {
            accounts[i] = accounts[i] with { OpenLots = lots.GetValueOrDefault(accounts[i].MemberId.Value) ?? [] };
        }
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        await using var commandScope = command.ConfigureAwait(false);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static void AddParameters(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
    }

    internal static async Task<IdempotencyRecord?> ReadIdempotencyAsync(NpgsqlDataReader reader, ProgramId programId, IdempotencyKey key, CancellationToken cancellationToken)
    {
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadIdempotencyRow(reader, programId, key) : null;
    }

    /// <summary>The idempotency record on the reader's current row (columns as <see cref="PostgreSqlDialect.SelectIdempotency"/>).</summary>
    internal static IdempotencyRecord ReadIdempotencyRow(NpgsqlDataReader reader, ProgramId programId, IdempotencyKey key) =>
        new()
        {
            ProgramId = programId,
            Key = key,
            MemberId = MemberId.From(reader.GetString(0)),
            Fingerprint = BinaryPrimitives.ReadUInt128LittleEndian(reader.GetFieldValue<byte[]>(1)),
            FirstSequence = reader.GetInt64(2),
            LastSequence = reader.GetInt64(3),
            Version = reader.GetInt64(4),
            Balance = new AccountBalance(
                reader.GetFieldValue<Instant>(5),
                Points.FromInt64(reader.GetInt64(6)),
                Points.FromInt64(reader.GetInt64(7)),
                Points.FromInt64(reader.GetInt64(8)),
                Points.FromInt64(reader.GetInt64(9))),
            RecordedAt = reader.GetFieldValue<Instant>(10),
        };

    internal static AccountState ReadState(NpgsqlDataReader reader, int first, ProgramId programId, MemberId memberId) => new()
    {
        ProgramId = programId,
        MemberId = memberId,
        Version = reader.GetInt64(first),
        LastSequence = reader.GetInt64(first + 1),
        Debt = Points.FromInt64(reader.GetInt64(first + 2)),
        LastRecordedAt = reader.IsDBNull(first + 3) ? null : reader.GetFieldValue<Instant>(first + 3),
        LastActivityAt = reader.IsDBNull(first + 4) ? null : reader.GetFieldValue<Instant>(first + 4),
        NextDueAt = reader.IsDBNull(first + 5) ? null : reader.GetFieldValue<Instant>(first + 5),
        Counters = LedgerStorageFormat.ReadCounters(reader.GetString(first + 6)),
        Tier = LedgerStorageFormat.ReadTier(reader.GetString(first + 7)),
        Profile = LedgerStorageFormat.ReadProfile(reader.GetString(first + 8)),
    };

    internal static async Task<List<Lot>> ReadLotRowsAsync(NpgsqlDataReader reader, ProgramId programId, MemberId memberId, CancellationToken cancellationToken)
    {
        var lots = new List<Lot>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            lots.Add(ReadLot(reader, 0, programId, memberId));
        }

        return lots;
    }

    internal static Lot ReadLot(NpgsqlDataReader reader, int first, ProgramId programId, MemberId memberId) => new()
    {
        ProgramId = programId,
        MemberId = memberId,
        Id = reader.GetInt64(first),
        Points = Points.FromInt64(reader.GetInt64(first + 1)),
        Remaining = Points.FromInt64(reader.GetInt64(first + 2)),
        CreatedAt = reader.GetFieldValue<Instant>(first + 3),
        AvailableAt = reader.GetFieldValue<Instant>(first + 4),
        ExpiresAt = reader.IsDBNull(first + 5) ? null : reader.GetFieldValue<Instant>(first + 5),
        OrderId = reader.IsDBNull(first + 6) ? null : reader.GetString(first + 6),
    };

    internal static async Task<OrderAccrual?> ReadAccrualAsync(NpgsqlDataReader reader, ProgramId programId, MemberId memberId, string orderId, CancellationToken cancellationToken)
    {
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadAccrualRow(reader, programId, memberId, orderId) : null;
    }

    /// <summary>The accrual on the reader's current row (columns as <see cref="PostgreSqlDialect.SelectAccrual"/>).</summary>
    internal static OrderAccrual ReadAccrualRow(NpgsqlDataReader reader, ProgramId programId, MemberId memberId, string orderId) =>
        new()
        {
            ProgramId = programId,
            MemberId = memberId,
            OrderId = orderId,
            EarnSequence = reader.GetInt64(0),
            LotId = reader.IsDBNull(1) ? null : reader.GetInt64(1),
            OrderedAt = reader.GetFieldValue<Instant>(2),
            Currency = CurrencyCode.Parse(reader.GetString(3)),
            ExchangeRate = reader.GetDecimal(4),
            TotalPoints = Points.FromInt64(reader.GetInt64(5)),
            ReversedPoints = Points.FromInt64(reader.GetInt64(6)),
            Lines = LedgerStorageFormat.ReadAccrualLines(reader.GetString(7)),
        };

    internal static async Task<RedemptionRecord?> ReadRedemptionAsync(NpgsqlDataReader reader, ProgramId programId, MemberId memberId, IdempotencyKey key, CancellationToken cancellationToken)
    {
        RedemptionRecord? redemption = null;
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            redemption = new RedemptionRecord
            {
                ProgramId = programId,
                MemberId = memberId,
                Key = key,
                Sequence = reader.GetInt64(0),
                OrderId = reader.IsDBNull(1) ? null : reader.GetString(1),
                At = reader.GetFieldValue<Instant>(2),
                Points = Points.FromInt64(reader.GetInt64(3)),
                RefundedPoints = Points.FromInt64(reader.GetInt64(4)),
                Allocations = [],
            };
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var allocations = new List<LotAllocation>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            allocations.Add(new LotAllocation(reader.GetInt64(0), Points.FromInt64(reader.GetInt64(1)), Points.FromInt64(reader.GetInt64(2))));
        }

        return redemption is null ? null : redemption with { Allocations = allocations };
    }

    internal static async Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(NpgsqlCommand command, ProgramId programId, MemberId memberId, CancellationToken cancellationToken)
    {
        var entries = new List<LedgerEntry>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new LedgerEntry
            {
                ProgramId = programId,
                MemberId = memberId,
                Sequence = reader.GetInt64(0),
                Kind = (LedgerEntryKind)reader.GetInt16(1),
                Amount = Points.FromInt64(reader.GetInt64(2)),
                At = reader.GetFieldValue<Instant>(3),
                RecordedAt = reader.GetFieldValue<Instant>(4),
                CommandKey = IdempotencyKey.From(reader.GetString(5)),
                OrderId = reader.IsDBNull(6) ? null : reader.GetString(6),
                ActivityType = reader.IsDBNull(7) ? null : reader.GetString(7),
                RedemptionKey = reader.IsDBNull(8) ? null : IdempotencyKey.From(reader.GetString(8)),
                Reason = reader.IsDBNull(9) ? null : reader.GetString(9),
                Movements = ToMovements(reader.GetFieldValue<long[]>(10)),
                DebtChange = Points.FromInt64(reader.GetInt64(11)),
                WrittenOff = Points.FromInt64(reader.GetInt64(12)),
                Tier = reader.IsDBNull(13) ? null : reader.GetString(13),
                Qualifying = LedgerStorageFormat.ReadQualifying(reader.IsDBNull(14) ? null : reader.GetString(14)),
            });
        }

        return entries;
    }
}

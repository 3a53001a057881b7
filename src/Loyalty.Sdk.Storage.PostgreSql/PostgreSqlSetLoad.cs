using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using Npgsql;

using static Loyalty.Sdk.Storage.PostgreSql.PostgreSqlDialect;
using static Loyalty.Sdk.Storage.PostgreSql.PostgreSqlRows;

namespace Loyalty.Sdk.Storage.PostgreSql;

/// <summary>
/// Loads an import batch's contexts with set-based reads: per program, one statement each for the accounts, their
/// open lots, the idempotency keys and the accruals the batch names (arrays of members, keys and orders joined on
/// the primary keys), instead of three or four statements per request; the rarer parts (stock, counts, claims,
/// redemptions) keep their per-request statements. All in one read-only snapshot and one round trip. Measured on a
/// 1,000-earn import: the per-request statements took 267 µs per earn on the server, dominated by planning
/// thousands of small statements.
/// </summary>
internal static class PostgreSqlSetLoad
{
    private const string SelectAccounts =
        "SELECT version, last_sequence, debt, last_recorded_at, last_activity_at, next_expiry_at, counters, tier, profile, member_id " +
        "FROM loyalty_accounts WHERE program_id = $1 AND member_id = ANY($2)";

    /// <summary>Open lots of many members, unordered: sorting them on the server cost more than the scan (each list is ordered here).</summary>
    private const string SelectOpenLotsUnordered =
        "SELECT member_id, id, points, remaining, created_at, available_at, expires_at, order_id FROM loyalty_lots " +
        "WHERE program_id = $1 AND member_id = ANY($2) AND remaining > 0";

    private const string SelectKeys =
        "SELECT i.member_id, i.fingerprint, i.first_sequence, i.last_sequence, i.version, i.balance_as_of, i.balance_total, i.balance_available, " +
        "i.balance_pending, i.balance_debt, i.recorded_at, i.key FROM loyalty_idempotency i " +
        "JOIN unnest($2::text[], $3::text[]) AS r (member_id, key) ON i.member_id = r.member_id AND i.key = r.key WHERE i.program_id = $1";

    private const string SelectAccruals =
        "SELECT a.earn_sequence, a.lot_id, a.ordered_at, a.currency, a.exchange_rate, a.total_points, a.reversed_points, a.lines, a.member_id, a.order_id " +
        "FROM loyalty_accruals a JOIN unnest($2::text[], $3::text[]) AS r (member_id, order_id) ON a.member_id = r.member_id AND a.order_id = r.order_id " +
        "WHERE a.program_id = $1";

    public static async ValueTask<LedgerContext[]> LoadAsync(NpgsqlConnection connection, IReadOnlyList<LedgerLoadRequest> requests, CancellationToken cancellationToken)
    {
        var programs = requests.Select(r => r.ProgramId).Distinct().ToList();
        var batch = new NpgsqlBatch(connection);
        await using var batchScope = batch.ConfigureAwait(false);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(BeginSnapshot));
        foreach (var program in programs)
        {
            var ofProgram = requests.Where(r => r.ProgramId == program).ToList();
            var members = ofProgram.Select(r => r.MemberId.Value).Distinct(StringComparer.Ordinal).ToArray();
            var keyed = ofProgram.Where(r => r.CommandKey is not null).ToList();
            var ordered = ofProgram.Where(r => r.OrderId is not null).ToList();
            batch.BatchCommands.Add(Command(SelectAccounts, program.Value, members));
            batch.BatchCommands.Add(Command(SelectOpenLotsUnordered, program.Value, members));
            batch.BatchCommands.Add(Command(SelectKeys, program.Value, keyed.Select(r => r.MemberId.Value).ToArray(), keyed.Select(r => r.CommandKey!.Value.Value).ToArray()));
            batch.BatchCommands.Add(Command(SelectAccruals, program.Value, ordered.Select(r => r.MemberId.Value).ToArray(), ordered.Select(r => r.OrderId!).ToArray()));
        }

        foreach (var request in requests)
        {
            PostgreSqlQueries.AddRare(batch, request);
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(CommitTransaction));

        var accounts = new Dictionary<(ProgramId, string), AccountState>();
        var lots = new Dictionary<(ProgramId, string), List<Lot>>();
        var keys = new Dictionary<(ProgramId, string, string), IdempotencyRecord>();
        var accruals = new Dictionary<(ProgramId, string, string), OrderAccrual>();
        var contexts = new LedgerContext[requests.Count];
        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            for (var i = 0; i < programs.Count; i++)
            {
                var program = programs[i];
                if (i > 0)
                {
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                }

                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var member = reader.GetString(9);
                    accounts[(program, member)] = ReadState(reader, 0, program, MemberId.From(member));
                }

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var member = reader.GetString(0);
                    if (!lots.TryGetValue((program, member), out var list))
                    {
                        lots[(program, member)] = list = [];
                    }

                    list.Add(ReadLot(reader, 1, program, MemberId.From(member)));
                }

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var key = reader.GetString(11);
                    keys[(program, reader.GetString(0), key)] = ReadIdempotencyRow(reader, program, IdempotencyKey.From(key));
                }

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var (member, order) = (reader.GetString(8), reader.GetString(9));
                    accruals[(program, member, order)] = ReadAccrualRow(reader, program, MemberId.From(member), order);
                }
            }

            foreach (var list in lots.Values)
            {
                list.Sort(static (x, y) => x.Id.CompareTo(y.Id));
            }

            for (var i = 0; i < requests.Count; i++)
            {
                var request = requests[i];
                var (stock, quota, claim, redemption, redemptionLots) = await PostgreSqlQueries.ReadRareAsync(reader, request, cancellationToken).ConfigureAwait(false);
                var member = (request.ProgramId, request.MemberId.Value);
                var record = request.CommandKey is { } key ? keys.GetValueOrDefault((request.ProgramId, member.Value, key.Value)) : null;
                if (!accounts.TryGetValue(member, out var state))
                {
                    contexts[i] = new LedgerContext(AccountState.Empty(request.ProgramId, request.MemberId), null, null, [], record, null, stock, quota);
                    continue;
                }

                state = state with { OpenLots = lots.GetValueOrDefault(member) ?? [] };
                var accrual = request.OrderId is { } order ? accruals.GetValueOrDefault((request.ProgramId, member.Value, order)) : null;
                contexts[i] = new LedgerContext(state, accrual, redemption, redemption is null ? [] : redemptionLots, record, claim, stock, quota);
            }
        }

        return contexts;
    }
}

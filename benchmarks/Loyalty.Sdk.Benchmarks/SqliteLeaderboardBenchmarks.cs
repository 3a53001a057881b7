using System;
using System.Collections.Generic;
using System.IO;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Loyalty.Sdk.Benchmarks;

/// <summary>
/// A month's leaderboard end to end on the embedded store: 300,000 members with 1–5 earns each in March (about
/// 900,000 entries) plus February's. The SDK's <see cref="LoyaltyEngineReports.GetLeaderboardAsync"/> (the store's
/// <c>GROUP BY</c>, then the ranking) against the hand-written SQL a developer would run on the same file: the top 100
/// with <c>ORDER BY sum DESC LIMIT 100</c>, and one member's rank by counting the members with more points.
/// Run: <c>dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*SqliteLeaderboard*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class SqliteLeaderboardBenchmarks
{
    private static readonly DateInterval March = new(new LocalDate(2026, 3, 1), new LocalDate(2026, 3, 31));
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private string _folder = null!;
    private SqliteLedgerStore _store = null!;
    private LoyaltyEngine _engine = null!;
    private SqliteConnection _raw = null!;
    private MemberId _probe;

    [Params(300_000)]
    public int Members { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "loyalty-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "ledger.db");
        _store = SqliteLedgerStore.Open(new SqliteLedgerStoreOptions { DataSource = path, Durability = SqliteDurability.Normal });
        _engine = new LoyaltyEngine(new LoyaltyProgramBuilder { Id = "shop", BaseCurrency = "EUR", TimeZoneId = "Europe/Berlin" }.Build(), _store, new FixedClock(Instant.FromUtc(2026, 4, 1, 9, 0)));
        _probe = MemberId.From($"member-{Members / 3:D7}");

        // Bulk-load the entries table directly, as a migration would: the engine's own write path is benchmarked elsewhere.
        _raw = new SqliteConnection($"Data Source={path};Pooling=False");
        _raw.Open();
        using (var transaction = _raw.BeginTransaction())
        {
            using var insert = _raw.CreateCommand();
            insert.Transaction = transaction;
            using var account = _raw.CreateCommand();
            account.Transaction = transaction;
            account.CommandText = "INSERT INTO programs (id, program_id) VALUES (1, 'shop') ON CONFLICT DO NOTHING;" +
                "INSERT INTO accounts (program, member_id, id, version, last_sequence, debt) VALUES (1, $m, $id, 1, 1, 0)";
            var member = account.Parameters.Add("$m", SqliteType.Text);
            var id = account.Parameters.Add("$id", SqliteType.Integer);
            insert.CommandText = "INSERT INTO entries (account, sequence, program, kind, amount, at, recorded_at, command_key, movements, debt_change, written_off) " +
                "VALUES ($id, $s, 1, 0, $a, $at, NULL, $k, '', 0, 0)";
            var m = insert.Parameters.Add("$id", SqliteType.Integer);
            var s = insert.Parameters.Add("$s", SqliteType.Integer);
            var a = insert.Parameters.Add("$a", SqliteType.Integer);
            var at = insert.Parameters.Add("$at", SqliteType.Integer);
            var k = insert.Parameters.Add("$k", SqliteType.Text);
            insert.Prepare();
            var random = new Random(42);
            var february = Berlin.AtStartOfDay(new LocalDate(2026, 2, 1)).ToInstant();
            for (var i = 0; i < Members; i++)
            {
                member.Value = $"member-{i:D7}";
                id.Value = i + 1;
                m.Value = i + 1;
                account.ExecuteNonQuery();
                var earns = 1 + random.Next(5);
                for (var e = 1; e <= earns + 1; e++)
                {
                    s.Value = e;
                    a.Value = 5 * (1 + random.Next(60));
                    var instant = february + Duration.FromMinutes(random.Next(59 * 24 * 60)); // February and March
                    at.Value = instant.ToUnixTimeTicks() / 10; // microseconds, as the store keeps instants
                    k.Value = $"k{i}-{e}";
                    insert.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }

        using var analyze = _raw.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.ExecuteNonQuery();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public (List<(string, long)> Top, long Rank) HandWrittenSql()
    {
        var from = Berlin.AtStartOfDay(March.Start).ToInstant().ToUnixTimeTicks() / 10;
        var to = Berlin.AtStartOfDay(March.End.PlusDays(1)).ToInstant().ToUnixTimeTicks() / 10;
        const string sums = "SELECT account, SUM(amount) AS s FROM entries WHERE program = 1 AND kind IN (0, 2) AND at >= $from AND at < $to GROUP BY account HAVING s > 0";
        var top = new List<(string, long)>(100);
        using (var command = _raw.CreateCommand())
        {
            command.CommandText = $"SELECT (SELECT member_id FROM accounts WHERE id = t.account) AS m, t.s FROM ({sums}) t ORDER BY t.s DESC, m LIMIT 100";
            command.Parameters.AddWithValue("$from", from);
            command.Parameters.AddWithValue("$to", to);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                top.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        using var rank = _raw.CreateCommand();
        rank.CommandText = $"WITH t AS ({sums}) SELECT 1 + COUNT(*) FROM t WHERE s > (SELECT s FROM t WHERE account = (SELECT id FROM accounts WHERE program = 1 AND member_id = $member))";
        rank.Parameters.AddWithValue("$from", from);
        rank.Parameters.AddWithValue("$to", to);
        rank.Parameters.AddWithValue("$member", _probe.Value);
        return (top, (long)rank.ExecuteScalar()!);
    }

    [Benchmark]
    public (IReadOnlyList<LeaderboardRow> Top, LeaderboardRow? Rank) SdkLeaderboard()
    {
        var board = _engine.Reports.GetLeaderboardAsync(March).AsTask().GetAwaiter().GetResult();
        return (board.Top(100), board.RankOf(_probe));
    }
}

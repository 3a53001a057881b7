using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using DuckDB.NET.Data;
using Loyalty.Sdk.Engagement;
using NodaTime;
using Loyalty.Sdk.Storage;

namespace Loyalty.Sdk.Benchmarks;

/// <summary>
/// Ranking a period's points for 500,000 members (many ties, as real point totals have): the full ranking, the top
/// 100 and one member's rank. The SDK's <see cref="Leaderboard"/> against DuckDB's <c>rank()</c> window over the same
/// table, loaded before timing. Run: <c>dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- --filter '*Leaderboard*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class LeaderboardBenchmarks
{
    private static readonly DateInterval Month = new(new LocalDate(2026, 3, 1), new LocalDate(2026, 3, 31));
    private MemberPoints[] _points = null!;
    private DuckDBConnection _duck = null!;
    private MemberId _probe;

    [Params(500_000)]
    public int Members { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _points = new MemberPoints[Members];
        for (var i = 0; i < Members; i++)
        {
            // Heavy-tailed totals in steps of 5: most members earn little, a few earn a lot.
            var points = 5 * (long)Math.Floor(20 / Math.Pow(1 - random.NextDouble(), 0.8));
            _points[i] = new MemberPoints(MemberId.From($"member-{random.Next():x8}-{i}"), points);
        }

        _probe = _points[Members / 2].MemberId;
        _duck = new DuckDBConnection("DataSource=:memory:");
        _duck.Open();
        using (var create = _duck.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (member VARCHAR, pts BIGINT)";
            create.ExecuteNonQuery();
        }

        using var appender = _duck.CreateAppender("t");
        foreach (var row in _points)
        {
            appender.CreateRow().AppendValue(row.MemberId.Value).AppendValue(row.Points).EndRow();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _duck.Dispose();

    [Benchmark(Baseline = true)]
    public (List<(string, long, long)> Top, long Rank) DuckDbRankWindow()
    {
        using var command = _duck.CreateCommand();
        command.CommandText = $"""
            CREATE OR REPLACE TEMP TABLE r AS SELECT member, pts, rank() OVER (ORDER BY pts DESC) AS rk FROM t WHERE pts > 0;
            SELECT member, pts, rk FROM r ORDER BY rk, member LIMIT 100;
            """;
        var top = new List<(string, long, long)>(100);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                top.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        using var probe = _duck.CreateCommand();
        probe.CommandText = $"SELECT rk FROM r WHERE member = '{_probe.Value}'";
        return (top, Convert.ToInt64(probe.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Benchmark]
    public (IReadOnlyList<LeaderboardRow> Top, LeaderboardRow? Rank) SdkLeaderboard()
    {
        var board = new Leaderboard(Month, _points);
        return (board.Top(100), board.RankOf(_probe));
    }
}

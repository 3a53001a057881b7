using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using Loyalty.Sdk.Storage.PostgreSql;
using Loyalty.Sdk.Storage.Sqlite;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace Loyalty.Sdk.Benchmarks;

/// <summary>
/// One ledger of a given size for the scale curve: members with ten entries each (eight order earns over the past
/// year, a review and a redemption), written through <see cref="LoyaltyEngine.ImportAsync(IReadOnlyList{LedgerCommand}, System.Threading.CancellationToken)"/>
/// so that building it measures the import. Points expire 365 days after they are earned, so each day about
/// a 36th of the members have lots falling due. Used by <see cref="ScaleCurveBenchmarks"/> and, at a small size, by a CI smoke test.
/// </summary>
public sealed class ScaleLedger : IAsyncDisposable
{
    /// <summary>The instant the data ends: the benchmarks run "now", one day later per expiry iteration.</summary>
    public static readonly Instant End = Instant.FromUtc(2026, 6, 1, 12, 0);

    private const int Batch = 2_000;
    private readonly string? _folder;
    private readonly string? _schema;
    private readonly string? _server;
    private int _next;
    private bool _keepSchema;

    private ScaleLedger(string store, int members, ILedgerStore ledger, FakeClock clock, string? folder, string? server, string? schema)
    {
        StoreName = store;
        Members = members;
        Store = ledger;
        Clock = clock;
        _folder = folder;
        _server = server;
        _schema = schema;
        Engine = new LoyaltyEngine(Program, ledger, clock);
    }

    /// <summary>
    /// Gets the folder of the built ledgers and of scale-build.csv: LOYALTY_SCALE_DIR, which the benchmark program
    /// sets to BenchmarkDotNet.Artifacts/scale under the folder it runs in (its benchmark processes inherit it).
    /// </summary>
    public static string Folder => Environment.GetEnvironmentVariable("LOYALTY_SCALE_DIR") ?? Path.Combine(Path.GetTempPath(), "loyalty-scale");

    public static LoyaltyProgram Program { get; } = new LoyaltyProgramBuilder { Id = "scale", BaseCurrency = "EUR", PendingDays = 0, Expiry = ExpiryPolicy.AfterDays(365) }.Build();

    public string StoreName { get; }

    public int Members { get; }

    public ILedgerStore Store { get; }

    public FakeClock Clock { get; }

    public LoyaltyEngine Engine { get; }

    /// <summary>Gets the imported commands per second while the ledger was built.</summary>
    public double ImportPerSecond { get; private set; }

    /// <summary>Gets the entries written while building.</summary>
    public long Entries { get; private set; }

    /// <summary>
    /// Creates an empty store: "sqlite" (a fresh file in a temporary folder, synchronous=NORMAL) or "postgresql" (a
    /// schema on LOYALTY_POSTGRES, by default a fresh one).
    /// </summary>
    public static async Task<ScaleLedger> CreateAsync(string store, int members, string? schema = null)
    {
        var clock = new FakeClock(End - Duration.FromDays(366));
        if (store == "sqlite")
        {
            var folder = Path.Combine(Path.GetTempPath(), "loyalty-scale-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            return new ScaleLedger(store, members, OpenSqlite(Path.Combine(folder, "ledger.db")), clock, folder, null, null);
        }

        var server = Environment.GetEnvironmentVariable("LOYALTY_POSTGRES")
            ?? throw new InvalidOperationException("Set LOYALTY_POSTGRES to a PostgreSQL connection string (source .ci/postgres.sh; postgres_start).");
        schema ??= "scale_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {schema}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connection = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema, MaxPoolSize = 32 }.ConnectionString;
        // No held accounts (on either store): every measured command reads its account, as for a member this app
        // server has not committed lately, so that the curve shows how the reads grow.
        var postgres = await PostgreSqlLedgerStore.OpenAsync(new PostgreSqlLedgerStoreOptions { ConnectionString = connection, CachedAccounts = 0 });
        return new ScaleLedger(store, members, postgres, clock, null, server, schema);
    }

    /// <summary>
    /// A built ledger of a size, built once and kept under <paramref name="cache"/> (SQLite: a file copied for each
    /// use; PostgreSQL: a schema named by the size, reused), since BenchmarkDotNet sets up every benchmark case
    /// afresh. Returns whether it was built now, so the import rate is reported only for a real build.
    /// </summary>
    public static async Task<(ScaleLedger Ledger, bool Built)> OpenOrBuildAsync(string store, int members, string cache)
    {
        if (store == "sqlite")
        {
            Directory.CreateDirectory(cache);
            var built = Path.Combine(cache, $"sqlite-{members}.db");
            var fresh = !File.Exists(built);
            if (fresh)
            {
                var ledger = await CreateAsync(store, members);
                await ledger.BuildAsync();
                ((IDisposable)ledger.Store).Dispose();
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Checkpoint(Path.Combine(ledger._folder!, "ledger.db"));
                File.Copy(Path.Combine(ledger._folder!, "ledger.db"), built + ".tmp", overwrite: true);
                File.Move(built + ".tmp", built, overwrite: true);
                Directory.Delete(ledger._folder!, recursive: true);
                Report(ledger, new FileInfo(built).Length);
            }

            var folder = Path.Combine(Path.GetTempPath(), "loyalty-scale-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            File.Copy(built, Path.Combine(folder, "ledger.db"));
            return (new ScaleLedger(store, members, OpenSqlite(Path.Combine(folder, "ledger.db")), new FakeClock(End), folder, null, null), fresh);
        }

        var schema = $"scale_{members}";
        var existing = await CreateAsync(store, members, schema);
        existing._keepSchema = true;
        if ((await existing.Store.ScanAccountsAsync(Program.Id, null, 1)).Count == 0)
        {
            await existing.BuildAsync();
            Report(existing, await existing.BytesAsync());
            return (existing, true);
        }

        existing.Clock.Reset(End);
        return (existing, false);
    }

    /// <summary>Member <paramref name="i"/>'s id.</summary>
    public static MemberId Member(int i) => MemberId.From($"member-{i:D7}");

    /// <summary>
    /// Imports every member's ten entries, day by day over the year before <see cref="End"/>, in batches. As a shop
    /// would, a consumer reads each day's events and the daily run prunes the outbox with a 30-day retention; only
    /// the imports are timed.
    /// </summary>
    public async Task BuildAsync()
    {
        var importing = new Stopwatch();
        var batch = new List<LedgerCommand>(Batch);
        var commands = 0L;
        await Engine.Events.RegisterConsumerAsync("crm");

        // Member i's ten commands fall on days i % 36, i % 36 + 36, ... (one slot each), so each member's come in order
        // and every day of the year carries a 36th of the members.
        for (var day = 0; day < 360; day++)
        {
            Clock.Reset(End - Duration.FromDays(365 - day));
            for (var i = day % 36; i < Members; i += 36)
            {
                batch.Add(CommandFor(i, day / 36, Clock.GetCurrentInstant()));
                if (batch.Count == Batch)
                {
                    commands += await FlushAsync(batch, importing);
                }
            }

            commands += await FlushAsync(batch, importing);
            await Engine.Events.DeliverEventsAsync("crm", (_, _) => ValueTask.CompletedTask, batchSize: 5_000);
            await Engine.Events.PruneEventsAsync(Retention);
        }

        ImportPerSecond = commands / importing.Elapsed.TotalSeconds;
        Clock.Reset(End);
    }

    /// <summary>Gets the outbox retention of the build's daily run.</summary>
    public static Duration Retention { get; } = Duration.FromDays(30);

    /// <summary>One more earn for a member (a new order), now.</summary>
    public ValueTask<LedgerResult> EarnAsync(int member) =>
        Engine.ExecuteAsync(new EarnCommand(Member(member), IdempotencyKey.From($"bench-earn-{++_next}"), $"bench-{_next}", Clock.GetCurrentInstant(), [
            new PurchaseLine("1", "SKU-1", "books", 1, Money.Of(12.50m, "EUR")),
        ]));

    /// <summary>A small redemption for a member, now.</summary>
    public ValueTask<LedgerResult> RedeemAsync(int member) =>
        Engine.ExecuteAsync(new RedeemCommand(Member(member), IdempotencyKey.From($"bench-redeem-{++_next}"), Points.FromInt64(1)));

    /// <summary>Bytes on disk: the SQLite file with its WAL, or the PostgreSQL schema's relations with their indexes.</summary>
    public async Task<long> BytesAsync()
    {
        if (_folder is not null)
        {
            long bytes = 0;
            foreach (var file in Directory.GetFiles(_folder))
            {
                bytes += new FileInfo(file).Length;
            }

            return bytes;
        }

        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var size = new NpgsqlCommand(
            "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')", connection);
        size.Parameters.Add(new NpgsqlParameter { Value = _schema });
        return (long)(await size.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        // PostgreSQL's store is disposed asynchronously (its data source), SQLite's synchronously; each exactly once.
        if (Store is IAsyncDisposable asynchronous)
        {
            await asynchronous.DisposeAsync();
        }
        else if (Store is IDisposable disposable)
        {
            disposable.Dispose();
        }

        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }

        if (_schema is not null && !_keepSchema)
        {
            await using var admin = new NpgsqlConnection(_server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static SqliteLedgerStore OpenSqlite(string path) =>
        SqliteLedgerStore.Open(new SqliteLedgerStoreOptions { DataSource = path, Durability = SqliteDurability.Normal, CachedAccounts = 0 });

    /// <summary>Folds the WAL into the file, so that the file alone holds the data (and its size is the data's).</summary>
    private static void Checkpoint(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        checkpoint.ExecuteNonQuery();
    }

    /// <summary>Appends a build's figures to scale-build.csv in <see cref="Folder"/> (store, members, entries, imports/s, bytes).</summary>
    private static void Report(ScaleLedger ledger, long bytes)
    {
        var line = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ledger.StoreName},{ledger.Members},{ledger.Entries},{ledger.ImportPerSecond:F0},{bytes}");
        Directory.CreateDirectory(Folder);
        File.AppendAllLines(Path.Combine(Folder, "scale-build.csv"), [line]);
        Console.WriteLine($"// scale build: store,members,entries,imports/s,bytes = {line}");
    }

    private static LedgerCommand CommandFor(int member, int slot, Instant at)
    {
        var id = Member(member);
        var key = IdempotencyKey.From($"s{slot}");
        return slot switch
        {
            4 => new EarnActivityCommand(id, key, "review", Points.FromInt64(25)),
            9 => new RedeemCommand(id, key, Points.FromInt64(10)),
            _ => new EarnCommand(id, key, $"o{slot}", at, [new PurchaseLine("1", $"SKU-{member % 97}", "books", 1 + (member % 3), Money.Of(9.90m + (member % 40), "EUR"))]),
        };
    }

    private async Task<long> FlushAsync(List<LedgerCommand> batch, Stopwatch importing)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        importing.Start();
        var results = await Engine.ImportAsync(batch.ToArray());
        importing.Stop();
        foreach (var result in results)
        {
            Entries += result.Entries.Count;
        }

        var count = batch.Count;
        batch.Clear();
        return count;
    }
}

using System;
using System.IO;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.Storage.Sqlite.Tests;

public sealed class SqliteLedgerStoreTests : IDisposable
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 9, 0);
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void Open_NewFile_CreatesSchemaInWalMode()
    {
        using var store = SqliteLedgerStore.Open(_database.Path);
        Assert.Equal(SqliteLedgerStore.LatestSchemaVersion, store.SchemaVersion);
        Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
        Assert.Equal(SqliteLedgerStore.LatestSchemaVersion, Convert.ToInt32(Scalar("SELECT version FROM schema_info"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Reopen_KeepsEveryCommittedCommand()
    {
        var member = MemberId.From("m-1");
        using (var store = SqliteLedgerStore.Open(_database.Path))
        {
            var engine = Engine(store);
            await engine.ExecuteAsync(new EarnActivityCommand(member, IdempotencyKey.From("a"), "signup", Points.FromInt64(120)));
            await engine.ExecuteAsync(new RedeemCommand(member, IdempotencyKey.From("r"), Points.FromInt64(20)));
        }

        using (var reopened = SqliteLedgerStore.Open(_database.Path))
        {
            var engine = Engine(reopened);
            Assert.Equal(Points.FromInt64(100), (await engine.GetBalanceAsync(member)).Total);
            Assert.Equal(LedgerOutcome.Replayed, (await engine.ExecuteAsync(new RedeemCommand(member, IdempotencyKey.From("r"), Points.FromInt64(20)))).Outcome);
        }
    }

    [Fact]
    public async Task Open_Version1Database_MigratesToTheLatestAndKeepsItsData()
    {
        // A database as version 1 of the package left it: the first script only, with an account in it.
        using (var script = new StreamReader(typeof(SqliteLedgerStore).Assembly.GetManifestResourceStream("Loyalty.Sdk.Storage.Sqlite.Schema.001_initial.sql")!))
        {
            Execute(script.ReadToEnd());
        }

        Execute("CREATE TABLE schema_info (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL); INSERT INTO schema_info VALUES (1, 1);");
        Execute("INSERT INTO accounts (program_id, member_id, version, last_sequence, debt, counters) VALUES ('shop', 'm-1', 1, 1, 0, '');" +
            "INSERT INTO entries (program_id, member_id, sequence, kind, amount, at, recorded_at, command_key, movements, debt_change, written_off) " +
            "VALUES ('shop', 'm-1', 1, 5, 0, 0, 0, 'old', '', 0, 0);");

        using var store = SqliteLedgerStore.Open(_database.Path);
        Assert.Equal(SqliteLedgerStore.LatestSchemaVersion, store.SchemaVersion);
        Assert.True(SqliteLedgerStore.LatestSchemaVersion >= 2);
        var engine = Engine(store);
        var account = await engine.GetAccountAsync(MemberId.From("m-1"));
        Assert.Equal(1, account.Version);
        Assert.Null(account.Tier);
        var old = Assert.Single(await store.ReadEntriesUpToAsync(engine.Program.Id, MemberId.From("m-1"), Instant.MaxValue));
        Assert.Null(old.Qualifying);
        Assert.Null(old.Tier);
    }

    [Fact]
    public void Open_NewerSchemaVersion_FailsClearlyAndChangesNothing()
    {
        using (SqliteLedgerStore.Open(_database.Path))
        {
        }

        Execute($"UPDATE schema_info SET version = {SqliteLedgerStore.LatestSchemaVersion + 1}");
        var ex = Assert.Throws<Loyalty.Sdk.Storage.LedgerStoreException>(() => SqliteLedgerStore.Open(_database.Path));
        Assert.Contains("newer", ex.Message, StringComparison.Ordinal);
        Assert.Equal((long)SqliteLedgerStore.LatestSchemaVersion + 1, (long)Scalar("SELECT version FROM schema_info")!);
    }

    [Fact]
    public void Open_MissingFileWithoutCreate_FailsClearly()
    {
        var ex = Assert.Throws<Loyalty.Sdk.Storage.LedgerStoreException>(() =>
            SqliteLedgerStore.Open(new SqliteLedgerStoreOptions { DataSource = _database.Path, CreateIfMissing = false }));
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_database.Path));
    }

    [Fact]
    public void Open_MissingFolder_FailsClearly()
    {
        var path = Path.Combine(_database.Folder, "no-such-folder", "ledger.db");
        var ex = Assert.Throws<Loyalty.Sdk.Storage.LedgerStoreException>(() => SqliteLedgerStore.Open(path));
        Assert.Contains("folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NotADatabase_FailsClearly()
    {
        File.WriteAllText(_database.Path, "this is a text file, not a SQLite database, and it is long enough to have a header");
        var ex = Assert.Throws<Loyalty.Sdk.Storage.LedgerStoreException>(() => SqliteLedgerStore.Open(_database.Path));
        Assert.Contains("not a SQLite database", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ReadOnlyDatabase_FailsClearlyAtStartUp()
    {
        using (SqliteLedgerStore.Open(_database.Path))
        {
        }

        // Read-only through a URI file name: file permissions do not bind root, which CI runs as.
        var ex = Assert.Throws<Loyalty.Sdk.Storage.LedgerStoreException>(() => SqliteLedgerStore.Open(new SqliteLedgerStoreOptions
        {
            DataSource = "file:" + _database.Path + "?mode=ro",
        }));
        Assert.Contains("read-only", ex.Message, StringComparison.Ordinal);
        Assert.IsType<SqliteException>(ex.InnerException);
    }

    [Fact]
    public void Options_Invalid_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => SqliteLedgerStore.Open((SqliteLedgerStoreOptions)null!));
        Assert.Throws<ArgumentException>(() => SqliteLedgerStore.Open(new SqliteLedgerStoreOptions()));
    }

    private static LoyaltyEngine Engine(SqliteLedgerStore store) => new(
        new LoyaltyProgramBuilder { Id = "shop", BaseCurrency = "EUR" }.Build(),
        store,
        new FakeClock(Start));

    private object? Scalar(string sql) => _database.Scalar(sql);

    private void Execute(string sql) => _database.Execute(sql);

    [Fact]
    public async Task QueryPlans_PerMemberReadsUseThePrimaryKey_PeriodSumsUseTheCoveringIndex()
    {
        using (var store = SqliteLedgerStore.Open(_database.Path))
        {
            var engine = new LoyaltyEngine(new LoyaltyProgramBuilder { Id = "shop", BaseCurrency = "EUR" }.Build(), store, new FakeClock(Instant.FromUtc(2026, 3, 1, 9, 0)));
            var commands = new System.Collections.Generic.List<LedgerCommand>();
            for (var i = 0; i < 5_000; i++)
            {
                commands.Add(new EarnActivityCommand(MemberId.From($"m{i % 1_000}"), IdempotencyKey.From($"k{i}"), "review", Points.FromInt64(5)));
            }

            await engine.ImportAsync(commands);
        }

        using var connection = new SqliteConnection($"Data Source={_database.Path}");
        connection.Open();
        using (var analyze = connection.CreateCommand())
        {
            analyze.CommandText = "ANALYZE"; // with statistics, as a long-lived database has them
            analyze.ExecuteNonQuery();
        }

        string Plan(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var name in new[] { "$a", "$g", "$upTo", "$from", "$to" })
            {
                command.Parameters.AddWithValue(name, 1);
            }

            using var reader = command.ExecuteReader();
            var plan = string.Empty;
            while (reader.Read())
            {
                plan += reader.GetString(3) + "\n";
            }

            return plan;
        }

        // With a plain index on (program, at), an unguarded "at <= $upTo" made SQLite 3.53 scan every entry of the
        // program for each member (20 ms a member on the QuickStart's year); per-member reads must stay on the key.
        Assert.Contains("USING PRIMARY KEY (account=?)", Plan(SqliteDialect.SelectEntriesUpTo));
        Assert.Contains("USING COVERING INDEX entries_at", Plan(SqliteDialect.SelectPointsEarned));
    }
}

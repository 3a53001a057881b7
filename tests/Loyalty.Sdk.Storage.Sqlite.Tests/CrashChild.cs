using System;
using System.Globalization;
using Loyalty.Sdk.Ledger;
using NodaTime;

namespace Loyalty.Sdk.Storage.Sqlite.Tests;

/// <summary>
/// The writer process of the crash-safety tests: from command number <c>start</c> on, it runs a deterministic stream of
/// earns, redemptions, returns and refunds against the database (one by one, or imported in batches) and prints
/// "ack N outcome" after each command (or batch) returns, until it is killed. The command for a number is always the same, so a restarted child replays what may have committed.
/// </summary>
internal static class CrashChild
{
    public const int Members = 4;

    /// <summary>Commands per batch in the import mode.</summary>
    public const int ImportBatch = 40;

    public static int Main(string[] args)
    {
        if (args.Length != 3 || args[0] is not ("crash-child" or "crash-import"))
        {
            Console.Error.WriteLine("usage: crash-child|crash-import <database> <first-command>");
            return 2;
        }

        var path = args[1];
        var next = long.Parse(args[2], CultureInfo.InvariantCulture);
        using var store = SqliteLedgerStore.Open(path);
        var engine = new LoyaltyEngine(Program(), store, new SystemClockLike());
        using var stdout = Console.OpenStandardOutput();
        while (args[0] == "crash-import")
        {
            // Batches of ImportBatch commands, each acknowledged once its one transaction has committed.
            var batch = new LedgerCommand[ImportBatch];
            for (var i = 0; i < ImportBatch; i++)
            {
                batch[i] = Command(next + i);
            }

            var results = engine.ImportAsync(batch).AsTask().GetAwaiter().GetResult();
            var acks = new System.Text.StringBuilder();
            for (var i = 0; i < ImportBatch; i++)
            {
                acks.Append(CultureInfo.InvariantCulture, $"ack {next + i} {results[i].Outcome}\n");
            }

            // One write of under 4 KB straight to the pipe (Console.Out would cut it into 256-byte writes): the pipe
            // delivers it whole or not at all, so a kill never splits a batch's acks.
            stdout.Write(System.Text.Encoding.UTF8.GetBytes(acks.ToString()));
            stdout.Flush();
            next += ImportBatch;
        }

        while (true)
        {
            var result = engine.ExecuteAsync(Command(next)).AsTask().GetAwaiter().GetResult();
            Console.Out.WriteLine($"ack {next} {result.Outcome}");
            Console.Out.Flush();
            next++;
        }
    }

    public static LoyaltyProgram Program() => new LoyaltyProgramBuilder { Id = "crash", BaseCurrency = "EUR" }.Build();

    public static LedgerCommand Command(long n)
    {
        var member = MemberId.From($"m{n % Members}");
        var key = IdempotencyKey.From($"c{n}");
        return (n % 5) switch
        {
            0 or 1 => new EarnCommand(member, key, $"o{n}", Instant.FromUtc(2026, 1, 1, 0, 0), [
                new PurchaseLine("1", "sku", "books", 1 + (int)(n % 3), Money.Of(10m + (n % 7), "EUR")),
                new PurchaseLine("2", "sku2", "music", 1, Money.Of(3.5m, "EUR")),
            ]),
            2 => new RedeemCommand(member, key, Points.FromInt64(5 + (n % 20))),
            3 => ReverseEarnCommand.WholeOrder(member, key, $"o{n - 3}"),
            _ => new RefundRedemptionCommand(member, key, IdempotencyKey.From($"c{n - 2}")),
        };
    }

    /// <summary>Real time, strictly increasing per process (the test cares about durability, not about dates).</summary>
    private sealed class SystemClockLike : IClock
    {
        public Instant GetCurrentInstant() => Instant.FromDateTimeOffset(DateTimeOffset.UtcNow);
    }
}

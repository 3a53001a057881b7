using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using NodaTime;
using Xunit;
using Xunit.Abstractions;

namespace Loyalty.Sdk.Storage.Sqlite.Tests;

/// <summary>
/// A child process writes a stream of commands and acknowledges each; it is killed with SIGKILL at random moments,
/// 20 times. After every kill the database opens, every acknowledged command is there exactly once, no partial
/// command is visible, and the ledger's invariants hold.
/// </summary>
public sealed class SqliteCrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 20;
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task KilledWriter_LosesNoAcknowledgedCommand_AndLeavesNoPartialOne()
    {
        var random = new Random(20261122);
        var acknowledged = new Dictionary<long, string>();
        long next = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            var acks = await RunAndKillAsync(next, TimeSpan.FromMilliseconds(random.Next(30, 400)));
            foreach (var (n, outcome) in acks)
            {
                acknowledged[n] = outcome;
            }

            Assert.True(acks.Count > 0, $"round {kill}: the child acknowledged nothing before it was killed");
            next = acks.Max(a => a.N) + 1;
            Verify(acknowledged);
        }

        output.WriteLine($"{Kills} kills, {acknowledged.Count} acknowledged commands");
        Assert.True(acknowledged.Count >= Kills * 3);
    }

    [Fact]
    public async Task KilledImporter_LeavesEachBatchWholeOrAbsent()
    {
        // The importer is killed mid-stream; restarted at the first batch it did not acknowledge, it imports that batch
        // again. Had the batch half-committed, some of its commands would now replay and others commit afresh.
        var random = new Random(20261129);
        var acknowledged = new Dictionary<long, string>();
        long next = 0;
        for (var kill = 0; kill < 8; kill++)
        {
            var acks = await RunAndKillAsync(next, TimeSpan.FromMilliseconds(random.Next(30, 400)), "crash-import");
            Assert.True(acks.Count > 0, $"round {kill}: the importer acknowledged nothing before it was killed");
            if (kill > 0)
            {
                var redone = acks.Where(a => a.N < next + CrashChild.ImportBatch).Select(a => a.Outcome).ToList();
                Assert.Equal(CrashChild.ImportBatch, redone.Count);
                Assert.False(
                    redone.Contains(nameof(LedgerOutcome.Replayed)) && redone.Contains(nameof(LedgerOutcome.Committed)),
                    $"the batch at {next} was partly committed before the kill: {string.Join(",", redone)}");
            }

            foreach (var (n, outcome) in acks)
            {
                acknowledged[n] = outcome;
            }

            Assert.Equal(0, acks.Count % CrashChild.ImportBatch);
            next = acks.Max(a => a.N) + 1;
            Verify(acknowledged);
        }
    }

    [Fact]
    public async Task TwoWriterProcessesOnOneFile_InterleaveWithoutLosingOrDuplicatingPoints()
    {
        // Two processes write the same members at once (commands 0.. and 1_000_000..), so they race on versions.
        var runs = await Task.WhenAll(RunAndKillAsync(0, TimeSpan.FromSeconds(2)), RunAndKillAsync(1_000_000, TimeSpan.FromSeconds(2)));
        Assert.All(runs, acks => Assert.NotEmpty(acks));
        Assert.DoesNotContain(runs.SelectMany(r => r), a => a.Outcome == nameof(LedgerOutcome.Rejected) && a.N % 5 is 0 or 1);
        var acknowledged = runs.SelectMany(r => r).ToDictionary(a => a.N, a => a.Outcome);
        Verify(acknowledged);
        output.WriteLine($"{runs[0].Count} + {runs[1].Count} commands from two processes");
    }

    private async Task<List<(long N, string Outcome)>> RunAndKillAsync(long first, TimeSpan runFor, string mode = "crash-child")
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(CrashChild).Assembly.Location);
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(_database.Path);
        start.ArgumentList.Add(first.ToString(CultureInfo.InvariantCulture));
        using var child = Process.Start(start)!;
        var acks = new List<(long, string)>();
        var firstAck = new TaskCompletionSource();
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("ack ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                lock (acks)
                {
                    acks.Add((long.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]));
                }

                firstAck.TrySetResult();
            }
        };
        child.BeginOutputReadLine();
        var stderr = child.StandardError.ReadToEndAsync();

        // Kill at a random moment after the child has started writing (SIGKILL: no clean-up code runs).
        var started = await Task.WhenAny(firstAck.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(started == firstAck.Task, "the child did not start writing: " + (child.HasExited ? await stderr : "(still running)"));
        await Task.Delay(runFor);
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync();

        // Give the output reader a moment to drain what the child printed before it died.
        await Task.Delay(50);
        lock (acks)
        {
            return acks.ToList();
        }
    }

    private void Verify(Dictionary<long, string> acknowledged)
    {
        using var store = SqliteLedgerStore.Open(_database.Path);
        var program = CrashChild.Program().Id;
        foreach (var (n, outcome) in acknowledged)
        {
            var record = store.FindIdempotencyRecordAsync(program, CrashChild.Command(n).MemberId, IdempotencyKey.From($"c{n}")).AsTask().GetAwaiter().GetResult();
            if (outcome is nameof(LedgerOutcome.Committed) or nameof(LedgerOutcome.Replayed))
            {
                Assert.True(record is not null, $"acknowledged command c{n} ({outcome}) is missing after a kill");
            }
        }

        // The outbox after kills: an event exists exactly for each committed entry that announces one, never for
        // anything that did not commit, and never twice.
        var events = store.ReadEventsAsync(program, Events.EventCursor.Start, 1_000_000).AsTask().GetAwaiter().GetResult();
        Assert.Equal(events.Count, events.Select(e => e.Event.EventId).Distinct().Count());
        var announced = new List<string>();
        for (var m = 0; m < CrashChild.Members; m++)
        {
            foreach (var entry in store.ReadEntriesUpToAsync(program, MemberId.From($"m{m}"), Instant.MaxValue).AsTask().GetAwaiter().GetResult())
            {
                if ((entry.Kind is LedgerEntryKind.Earn or LedgerEntryKind.Adjust && entry.Amount.IsPositive) || entry.Kind == LedgerEntryKind.Redeem || (entry.Kind == LedgerEntryKind.Expire && entry.Amount.IsNegative))
                {
                    announced.Add($"{entry.CommandKey.Value}:{entry.Kind}:{Math.Abs(entry.Amount.Value)}");
                }
            }
        }

        Assert.Equal(
            announced.Order(StringComparer.Ordinal),
            events.Select(e => e.Event switch
            {
                Events.PointsEarned x => $"{x.CommandKey}:Earn:{x.Points}",
                Events.PointsRedeemed x => $"{x.CommandKey}:Redeem:{x.Points}",
                Events.PointsExpired x => $"{x.CommandKey}:Expire:{x.Points}",
                var other => other.Type,
            }).Order(StringComparer.Ordinal));

        for (var m = 0; m < CrashChild.Members; m++)
        {
            var member = MemberId.From($"m{m}");
            var state = store.LoadAsync(new LedgerLoadRequest(program, member)).AsTask().GetAwaiter().GetResult().Account;
            var entries = store.ReadEntriesUpToAsync(program, member, Instant.MaxValue).AsTask().GetAwaiter().GetResult();
            var lots = store.ReadLotsAsync(program, member).AsTask().GetAwaiter().GetResult();

            // No partial command: the entries are exactly those of committed commands, without gaps.
            Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
            Assert.Equal(state.LastSequence, entries.Count);
            foreach (var group in entries.GroupBy(e => e.CommandKey))
            {
                var record = store.FindIdempotencyRecordAsync(program, member, group.Key).AsTask().GetAwaiter().GetResult();
                Assert.True(record is not null, $"entries of {group.Key} exist without their command's record");
                Assert.Equal(Enumerable.Range((int)record!.FirstSequence, (int)(record.LastSequence - record.FirstSequence + 1)).Select(i => (long)i), group.Select(e => e.Sequence));
            }

            // Invariants: balance = Σ entries = Σ lots − debt; no lot below zero or above its credit.
            var total = entries.Sum(e => e.Amount.Value);
            Assert.Equal(total, state.OpenLots.Sum(l => l.Remaining.Value) - state.Debt.Value);
            Assert.All(lots, l => Assert.InRange(l.Remaining.Value, 0, l.Points.Value));
            foreach (var lot in lots)
            {
                Assert.Equal(entries.SelectMany(e => e.Movements).Where(mv => mv.LotId == lot.Id).Sum(mv => mv.Change.Value), lot.Remaining.Value);
            }
        }
    }
}

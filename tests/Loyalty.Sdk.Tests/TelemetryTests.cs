using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Diagnostics;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using Loyalty.Sdk.Storage.Testing;
using Microsoft.Extensions.Logging;
using NodaTime.Testing;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Commands_ReportCountersDurationsActivitiesAndLogs_UnderTheDocumentedNames()
    {
        var programId = "telemetry-" + Guid.NewGuid().ToString("N");
        var measurements = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == LoyaltyTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        void Collect(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            if (Equals(map.GetValueOrDefault("loyalty.program"), programId))
            {
                measurements.Add((instrument.Name, value, map));
            }
        }

        meters.SetMeasurementEventCallback<long>((i, v, t, _) => Collect(i, v, t));
        meters.SetMeasurementEventCallback<double>((i, v, t, _) => Collect(i, v, t));
        meters.Start();

        var activities = new ConcurrentBag<Activity>();
        using var sources = new ActivityListener
        {
            ShouldListenTo = source => source.Name == LoyaltyTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(sources);

        var logger = new ListLogger();
        var engine = new LoyaltyEngine(Program(b => b.Id = programId), new InMemoryLedgerStore(), new FakeClock(Start), new LoyaltyEngineOptions { Logger = logger });
        await engine.ExecuteAsync(Order("o-1", Line("a", 2, 50m)));
        await engine.ExecuteAsync(Order("o-1", Line("a", 2, 50m))); // replay
        await engine.ExecuteAsync(Redeem("r-1", 1_000_000)); // rejected

        var commands = measurements.Where(m => m.Instrument == "loyalty.commands").ToArray();
        Assert.Equal(3, commands.Length);
        Assert.Contains(commands, m => Equals(m.Tags["loyalty.command"], "earn") && Equals(m.Tags["loyalty.outcome"], "committed"));
        Assert.Contains(commands, m => Equals(m.Tags["loyalty.command"], "earn") && Equals(m.Tags["loyalty.outcome"], "replayed"));
        Assert.Contains(commands, m => Equals(m.Tags["loyalty.outcome"], "rejected") && Equals(m.Tags["loyalty.rejection"], nameof(RejectionReason.InsufficientPoints)));
        Assert.Equal(100d, measurements.Where(m => m.Instrument == "loyalty.points.earned").Sum(m => m.Value)); // counted once, not on the replay
        Assert.Equal(3, measurements.Count(m => m.Instrument == "loyalty.command.duration" && m.Value >= 0));

        var mine = activities.Where(a => Equals(a.GetTagItem("loyalty.program"), programId)).ToArray();
        Assert.Equal(3, mine.Count(a => a.OperationName == "loyalty.command"));
        var committed = mine.Single(a => Equals(a.GetTagItem("loyalty.outcome"), "committed"));
        Assert.Contains(activities, a => a.OperationName == "loyalty.store.commit" && a.ParentSpanId == committed.SpanId);
        Assert.Contains(activities, a => a.OperationName == "loyalty.store.load" && a.ParentSpanId == committed.SpanId);

        var rejected = Assert.Single(logger.Entries, e => e.Id.Id == 1);
        Assert.Equal(LogLevel.Debug, rejected.Level);
        Assert.Contains("InsufficientPoints", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrencyConflicts_AreCountedAndLogged()
    {
        var programId = "conflicts-" + Guid.NewGuid().ToString("N");
        long conflicts = 0;
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == LoyaltyTelemetry.Name && instrument.Name == "loyalty.concurrency.conflicts")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((_, v, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "loyalty.program" && Equals(tag.Value, programId))
                {
                    System.Threading.Interlocked.Add(ref conflicts, v);
                }
            }
        });
        meters.Start();

        var logger = new ListLogger();
        var store = new InMemoryLedgerStore();
        var engine = new LoyaltyEngine(Program(b => b.Id = programId), new ConflictOnceStore(store), new FakeClock(Start), new LoyaltyEngineOptions { Logger = logger });
        var result = await engine.ExecuteAsync(Order("o-1", Line("a", 1, 10m)));

        Assert.Equal(LedgerOutcome.Committed, result.Outcome);
        Assert.Equal(1, System.Threading.Interlocked.Read(ref conflicts));
        Assert.Contains(logger.Entries, e => e.Id.Id == 2 && e.Level == LogLevel.Debug);
    }

    /// <summary>Refuses the first commit with a version conflict, as if another command had won the race.</summary>
    private sealed class ConflictOnceStore(ILedgerStore inner) : DelegatingLedgerStore(inner)
    {
        private int _refused;

        public override ValueTask<CommitStatus> CommitAsync(LedgerChangeSet changes, System.Threading.CancellationToken cancellationToken = default) =>
            System.Threading.Interlocked.Exchange(ref _refused, 1) == 0 ? ValueTask.FromResult(CommitStatus.VersionConflict) : base.CommitAsync(changes, cancellationToken);
    }

    private sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, EventId Id, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, eventId, formatter(state, exception)));
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using Loyalty.Sdk.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Loyalty.Sdk.DependencyInjection;

/// <summary>Builds the engines once, from the options, the store, the clock and the logger factory in the container.</summary>
internal sealed class LoyaltyEngines : ILoyaltyEngines
{
    private readonly Dictionary<string, LoyaltyEngine> _byId;

    public LoyaltyEngines(LoyaltyOptions options, ILedgerStore store, IClock clock, ILoggerFactory? loggers = null)
    {
        var engineOptions = new LoyaltyEngineOptions
        {
            MaxConcurrencyAttempts = options.MaxConcurrencyAttempts,
            Logger = loggers?.CreateLogger("Loyalty.Sdk"),
        };
        All = options.BuildPrograms().Select(p => new LoyaltyEngine(p, store, clock, engineOptions)).ToArray();
        _byId = All.ToDictionary(e => e.Program.Id.Value, StringComparer.Ordinal);
    }

    public IReadOnlyList<LoyaltyEngine> All { get; }

    public LoyaltyEngine Get(string programId)
    {
        ArgumentNullException.ThrowIfNull(programId);
        return _byId.TryGetValue(programId, out var engine)
            ? engine
            : throw new KeyNotFoundException($"No loyalty program '{programId}' is configured; the programs are: {string.Join(", ", _byId.Keys)}.");
    }
}

using System;
using Loyalty.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loyalty.Sdk.DependencyInjection;

/// <summary>Returned by <c>services.AddLoyalty(…)</c> to choose the store: <see cref="UseInMemory"/> here, <c>UseSqlite</c> and <c>UsePostgreSql</c> in the adapter packages.</summary>
public sealed class LoyaltyBuilder
{
    internal LoyaltyBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Keeps the ledger in memory (tests, demos): everything is lost when the process ends.</summary>
    /// <returns>This builder.</returns>
    public LoyaltyBuilder UseInMemory() => UseStore(_ => new InMemoryLedgerStore());

    /// <summary>Uses a store created by a factory (a later call replaces an earlier one).</summary>
    /// <param name="factory">Creates the store once; the container disposes it when it is disposable.</param>
    /// <returns>This builder.</returns>
    public LoyaltyBuilder UseStore(Func<IServiceProvider, ILedgerStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<ILedgerStore>();
        Services.AddSingleton(factory);
        return this;
    }
}

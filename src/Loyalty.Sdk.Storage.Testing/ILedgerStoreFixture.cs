using System.Threading.Tasks;

namespace Loyalty.Sdk.Storage.Testing;

/// <summary>Creates a fresh, empty store for one test, and cleans up after it.</summary>
public interface ILedgerStoreFixture
{
    /// <summary>
    /// Creates an empty store. A database adapter whose server is not configured skips (throws
    /// <see cref="Xunit.SkipException"/> through <see cref="Xunit.Skip"/>) locally, and fails when CI=true.
    /// </summary>
    ValueTask<ILedgerStore> CreateAsync();

    /// <summary>Releases what <see cref="CreateAsync"/> created.</summary>
    ValueTask DisposeAsync();
}

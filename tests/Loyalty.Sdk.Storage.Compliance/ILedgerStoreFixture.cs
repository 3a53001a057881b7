using System.Threading.Tasks;
using Loyalty.Sdk.Storage;

namespace Loyalty.Sdk.Storage.Compliance;

/// <summary>Creates a fresh, empty store for one test, and cleans up after it.</summary>
public interface ILedgerStoreFixture
{
    /// <summary>Creates an empty store. Database adapters skip (locally) or fail (with CI=true) when no server is reachable.</summary>
    ValueTask<ILedgerStore> CreateAsync();

    /// <summary>Releases what <see cref="CreateAsync"/> created.</summary>
    ValueTask DisposeAsync();
}

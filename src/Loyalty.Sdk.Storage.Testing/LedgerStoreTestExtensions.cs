using System.Threading;
using System.Threading.Tasks;

namespace Loyalty.Sdk.Storage;

/// <summary>Reads that tests of a store need and the engine does not, written over the store's own contract.</summary>
public static class LedgerStoreTestExtensions
{
    /// <summary>Finds the record of a member's committed command by its key, through <see cref="ILedgerStore.LoadAsync"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="programId">The program.</param>
    /// <param name="memberId">The member whose command used the key.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The record, or <see langword="null"/> when the member never committed the key.</returns>
    public static async ValueTask<IdempotencyRecord?> FindIdempotencyRecordAsync(this ILedgerStore store, ProgramId programId, MemberId memberId, IdempotencyKey key, CancellationToken cancellationToken = default) =>
        (await store.LoadAsync(new LedgerLoadRequest(programId, memberId, CommandKey: key), cancellationToken)).Idempotency;
}

using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Loyalty.Sdk.Storage.Testing;

/// <summary>Wraps a store and remembers the change sets committed through it, so tests can commit them again.</summary>
public sealed class RecordingLedgerStore(ILedgerStore inner) : DelegatingLedgerStore(inner)
{
    private readonly List<LedgerChangeSet> _commits = new();

    public IReadOnlyList<LedgerChangeSet> Commits
    {
        get
        {
            lock (_commits)
            {
                return _commits.ToArray();
            }
        }
    }

    public override async ValueTask<CommitStatus> CommitAsync(LedgerChangeSet changes, CancellationToken cancellationToken = default)
    {
        var status = await base.CommitAsync(changes, cancellationToken);
        if (status == CommitStatus.Committed)
        {
            lock (_commits)
            {
                _commits.Add(changes);
            }
        }

        return status;
    }

    public override async ValueTask<CommitStatus> CommitBatchAsync(IReadOnlyList<LedgerChangeSet> changes, CancellationToken cancellationToken = default)
    {
        var status = await base.CommitBatchAsync(changes, cancellationToken);
        if (status == CommitStatus.Committed)
        {
            lock (_commits)
            {
                _commits.AddRange(changes);
            }
        }

        return status;
    }
}

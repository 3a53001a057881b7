using System;
using System.IO;

namespace Loyalty.Sdk.Tests.Shared;

/// <summary>Finds the team's shared datasets: <c>../shared/data</c> beside the repository, found by walking up from the test binaries.</summary>
internal static class SharedData
{
    public static string File(params string[] parts)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine([directory.FullName, "shared", "data", .. parts]);
            if (System.IO.File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"The shared dataset {string.Join('/', parts)} was not found in a 'shared/data' folder beside the repository (looked upward from {AppContext.BaseDirectory}).");
    }
}

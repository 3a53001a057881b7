using System;
using System.IO;

namespace Loyalty.Sdk.Cli.Tests;

/// <summary>A test class with a temporary folder of its own (each test gets a fresh instance), deleted afterwards.</summary>
public abstract class TempFolderTests : IDisposable
{
    /// <summary>Initializes a new instance of the <see cref="TempFolderTests"/> class.</summary>
    /// <param name="prefix">The folder name's prefix.</param>
    protected TempFolderTests(string prefix) => Folder = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Gets the folder.</summary>
    protected string Folder { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}

namespace Rounds.Tests.Infrastructure;

public static class TestFiles
{
    /// <summary>../shared/testdata beside the repository (fixtures every test may use).</summary>
    public static string SharedTestData
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "testdata");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException("../shared/testdata was not found above " + AppContext.BaseDirectory);
        }
    }
}

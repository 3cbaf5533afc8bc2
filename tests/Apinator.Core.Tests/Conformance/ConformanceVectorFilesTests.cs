namespace Apinator.Tests.Conformance;

public class ConformanceVectorFilesTests
{
    [Fact]
    public void Every_vector_file_in_the_output_folder_is_one_the_tests_read()
    {
        // A new vector file dropped into Conformance/ must get tests, not be silently ignored.
        var present = Directory.GetFiles(ConformanceVectors.Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(ConformanceVectors.AllFiles.Order(StringComparer.Ordinal).ToArray(), present);
    }

    [Theory]
    [InlineData(ConformanceVectors.ApinatorHmacRequestFile)]
    [InlineData(ConformanceVectors.ApinatorChannelAuthFile)]
    [InlineData(ConformanceVectors.ApinatorWebhookSignatureFile)]
    public void Apinator_vector_files_have_uniquely_named_cases(string fileName)
    {
        var names = ConformanceVectors.CaseNameList(fileName);

        Assert.NotEmpty(names);
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("rest")]
    [InlineData("channel_auth")]
    [InlineData("user_auth")]
    [InlineData("webhook")]
    [InlineData("encrypted_event")]
    public void Pusher_vector_groups_are_not_empty(string group)
    {
        Assert.NotEqual(0, ConformanceVectors.PusherCases(group).GetArrayLength());
    }
}

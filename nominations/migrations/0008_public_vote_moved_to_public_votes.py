# The public vote's models now belong to public_votes (same tables): state only.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('nominations', '0007_evidence_moved_from_dossiers'),
        ('public_votes', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='ballotchoice',
                    name='ballot',
                ),
                migrations.RemoveField(
                    model_name='ballotchoice',
                    name='entry',
                ),
                migrations.RemoveField(
                    model_name='emailchallenge',
                    name='vote',
                ),
                migrations.RemoveField(
                    model_name='publicvote',
                    name='campaign',
                ),
                migrations.RemoveField(
                    model_name='publicvote',
                    name='confirmed_by',
                ),
                migrations.RemoveField(
                    model_name='publicvote',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='publicvote',
                    name='level',
                ),
                migrations.RemoveField(
                    model_name='publicvote',
                    name='unit',
                ),
                migrations.RemoveField(
                    model_name='shortlistentry',
                    name='vote',
                ),
                migrations.RemoveField(
                    model_name='shortlistentry',
                    name='nomination',
                ),
                migrations.DeleteModel(
                    name='Ballot',
                ),
                migrations.DeleteModel(
                    name='BallotChoice',
                ),
                migrations.DeleteModel(
                    name='EmailChallenge',
                ),
                migrations.DeleteModel(
                    name='PublicVote',
                ),
                migrations.DeleteModel(
                    name='ShortlistEntry',
                ),
            ],
            database_operations=[],
        ),
    ]

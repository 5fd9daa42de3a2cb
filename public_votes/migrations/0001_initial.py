# The public vote's models, moved out of nominations: their tables stay (db_table), only
# Django's state changes; nominations 0007 removes them from that app's state.

import django.core.validators
import django.db.models.deletion
import public_votes.models
import uuid
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import move_content_types



class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('campaigns', '0006_milestone_report'),
        ('committees', '0003_unit_change_append_only'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('nominations', '0006_nomination_queue_order'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PublicVote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('title', models.CharField(max_length=300, verbose_name='title')),
                        ('min_shortlist', models.PositiveSmallIntegerField(default=25, validators=[django.core.validators.MinValueValidator(1)], verbose_name='shortlist: at least')),
                        ('max_shortlist', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(1)], verbose_name='shortlist: at most')),
                        ('max_choices', models.PositiveSmallIntegerField(default=16, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(200)], verbose_name='choices per ballot: at most')),
                        ('honor_count', models.PositiveSmallIntegerField(default=16, validators=[django.core.validators.MinValueValidator(1)], verbose_name='number to honor')),
                        ('opens_at', models.DateTimeField(blank=True, null=True, verbose_name='voting opens at')),
                        ('closes_at', models.DateTimeField(blank=True, help_text='The first moment at which ballots are no longer accepted.', null=True, verbose_name='voting closes at')),
                        ('state', models.CharField(choices=[('preparing', 'Being prepared'), ('open', 'Published'), ('closed', 'Closed'), ('confirmed', 'Honored confirmed')], default='preparing', max_length=12, verbose_name='state')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                        ('campaign', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='public_vote', to='campaigns.campaign')),
                        ('confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('level', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='campaigns.reviewlevel')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='public_votes', to='committees.unit')),
                    ],
                    options={
                        'verbose_name': 'public vote',
                        'verbose_name_plural': 'public votes',
                        'db_table': 'nominations_publicvote',
                    },
                ),
                migrations.CreateModel(
                    name='EmailChallenge',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('voter_hash', models.CharField(db_index=True, max_length=64)),
                        ('code_hash', models.CharField(max_length=64)),
                        ('created_at', models.DateTimeField()),
                        ('expires_at', models.DateTimeField()),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('used_at', models.DateTimeField(blank=True, null=True)),
                        ('vote', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='challenges', to='public_votes.publicvote')),
                    ],
                    options={
                        'verbose_name': 'e-mail verification',
                        'verbose_name_plural': 'e-mail verifications',
                        'db_table': 'nominations_emailchallenge',
                    },
                ),
                migrations.CreateModel(
                    name='Ballot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('voter_hash', models.CharField(max_length=64)),
                        ('receipt', models.CharField(max_length=16, unique=True, verbose_name='receipt code')),
                        ('cast_at', models.DateTimeField(verbose_name='cast at')),
                        ('vote', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ballots', to='public_votes.publicvote')),
                    ],
                    options={
                        'verbose_name': 'ballot',
                        'verbose_name_plural': 'ballots',
                        'db_table': 'nominations_ballot',
                        'ordering': ['cast_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='ShortlistEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('summary', models.CharField(max_length=600, verbose_name='public summary')),
                        ('photo', models.FileField(blank=True, max_length=200, upload_to=public_votes.models.entry_photo_path, verbose_name='photo')),
                        ('photo_content_type', models.CharField(blank=True, max_length=20)),
                        ('order', models.PositiveSmallIntegerField(default=0)),
                        ('nomination', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='shortlist_entries', to='nominations.nomination')),
                        ('vote', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='public_votes.publicvote')),
                    ],
                    options={
                        'verbose_name': 'shortlist entry',
                        'verbose_name_plural': 'shortlist entries',
                        'db_table': 'nominations_shortlistentry',
                        'ordering': ['order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='BallotChoice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('ballot', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='choices', to='public_votes.ballot')),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='choices', to='public_votes.shortlistentry')),
                    ],
                    options={
                        'db_table': 'nominations_ballotchoice',
                    },
                ),
                migrations.AddConstraint(
                    model_name='publicvote',
                    constraint=models.CheckConstraint(condition=models.Q(('max_shortlist__gte', models.F('min_shortlist'))), name='public_vote_shortlist_bounds_in_order'),
                ),
                migrations.AddConstraint(
                    model_name='publicvote',
                    constraint=models.CheckConstraint(condition=models.Q(('min_shortlist__gte', models.F('honor_count'))), name='public_vote_shortlist_covers_honored'),
                ),
                migrations.AddConstraint(
                    model_name='publicvote',
                    constraint=models.CheckConstraint(condition=models.Q(('opens_at__isnull', True), ('closes_at__isnull', True), ('closes_at__gt', models.F('opens_at')), _connector='OR'), name='public_vote_window_in_order'),
                ),
                migrations.AddConstraint(
                    model_name='ballot',
                    constraint=models.UniqueConstraint(fields=('vote', 'voter_hash'), name='one_ballot_per_voter'),
                ),
                migrations.AddConstraint(
                    model_name='shortlistentry',
                    constraint=models.UniqueConstraint(fields=('vote', 'nomination'), name='shortlisted_once'),
                ),
                migrations.AddConstraint(
                    model_name='ballotchoice',
                    constraint=models.UniqueConstraint(fields=('ballot', 'entry'), name='entry_chosen_once'),
                ),
            ],
            database_operations=[],
        ),
        move_content_types("nominations", "public_votes", ("publicvote", "shortlistentry", "emailchallenge", "ballot", "ballotchoice")),
    ]

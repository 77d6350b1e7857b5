from django.db import migrations, models


class Migration(migrations.Migration):
    """The deciding body and the title in three languages: the old columns become the Finnish
    ones (their data kept), Swedish and English are optional."""

    dependencies = [
        ("grants", "0001_decision_lists"),
    ]

    operations = [
        migrations.RenameField(
            model_name="decisionlist", old_name="body_name", new_name="body_name_fi"
        ),
        migrations.AlterField(
            model_name="decisionlist",
            name="body_name_fi",
            field=models.CharField(max_length=200, verbose_name="deciding body in Finnish"),
        ),
        migrations.RenameField(model_name="decisionlist", old_name="title", new_name="title_fi"),
        migrations.AlterField(
            model_name="decisionlist",
            name="title_fi",
            field=models.CharField(max_length=200, verbose_name="title in Finnish"),
        ),
    ]
    operations += [
        migrations.AddField(
            model_name="decisionlist",
            name=f"{base}_{language}",
            field=models.CharField(
                blank=True, default="", max_length=200, verbose_name=f"{label} in {name}"
            ),
            preserve_default=False,
        )
        for base, label in (("body_name", "deciding body"), ("title", "title"))
        for language, name in (("sv", "Swedish"), ("en", "English"))
    ]

from django.db import migrations, models


class Migration(migrations.Migration):
    """Swedish and English names are optional: Finnish is shown when they are missing."""

    dependencies = [
        ("organisation", "0002_team"),
    ]

    operations = [
        migrations.AlterField(
            model_name="department",
            name="name_sv",
            field=models.CharField(blank=True, max_length=200, verbose_name="name in Swedish"),
        ),
        migrations.AlterField(
            model_name="department",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="name in English"),
        ),
        migrations.AlterField(
            model_name="team",
            name="name_sv",
            field=models.CharField(blank=True, max_length=200, verbose_name="name in Swedish"),
        ),
        migrations.AlterField(
            model_name="team",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="name in English"),
        ),
    ]

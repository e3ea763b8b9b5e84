import { Box, Image, Text } from '@mantine/core';
import { IconMovie } from '@tabler/icons-react';
import { useState } from 'react';
import classes from './Poster.module.css';

/** The 300 px upload for cards and lists (the movie's `poster_url` is the 600 px one); another URL as it is. */
export const smallPoster = (movie: { poster_url: string | null; has_poster: boolean }) =>
  movie.has_poster && movie.poster_url ? movie.poster_url.replace('size=large', 'size=small') : movie.poster_url;

type Props = { url: string | null; title: string; width: number /** Narrower below the xs breakpoint. */; phoneWidth?: number };

/** The poster, or a titled placeholder when there is none or it fails to load. */
export function Poster({ url, title, width, phoneWidth }: Props) {
  const [failed, setFailed] = useState(false);
  const w = phoneWidth ? { base: phoneWidth, xs: width } : width;
  const h = phoneWidth ? { base: phoneWidth * 1.5, xs: width * 1.5 } : width * 1.5;
  const smallest = Math.min(width, phoneWidth ?? width);
  if (url && !failed) {
    return (
      <Image
        src={url}
        alt={`Poster of ${title}`}
        w={w}
        h={h}
        radius="md"
        fit="cover"
        onError={() => setFailed(true)}
        className={classes.poster}
      />
    );
  }
  return (
    <Box w={w} h={h} className={classes.placeholder} role="img" aria-label={`No poster for ${title}`}>
      <IconMovie size={Math.max(16, smallest / 3)} aria-hidden />
      {smallest >= 72 && (
        <Text fz={Math.max(10, smallest / 9)} fw={700} ta="center" lineClamp={3} px={6}>
          {title}
        </Text>
      )}
    </Box>
  );
}
